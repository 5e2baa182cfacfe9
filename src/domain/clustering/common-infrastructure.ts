/**
 * Registrable domains shared by unrelated people: URL shorteners, free
 * hosting and site builders, and form and file services. Their
 * `domain:` keys never join cases, though the `host:` key of a site on them
 * still does. This list is a seed, and keys that link more domains or values than
 * VIGIL_CLUSTER_KEY_LIMIT allows are listed as common too.
 */
export const SEEDED_COMMON_DOMAINS: readonly string[] = [
  // URL shorteners
  'bit.ly',
  'bitly.com',
  'tinyurl.com',
  't.co',
  'goo.gl',
  'ow.ly',
  'is.gd',
  'cutt.ly',
  'rebrand.ly',
  'shorturl.at',
  'rb.gy',
  't.ly',
  'tiny.cc',
  's.id',
  'v.gd',
  'lnkd.in',
  // free hosting, site builders and app platforms
  'github.io',
  'blogspot.com',
  'wordpress.com',
  'weebly.com',
  'wixsite.com',
  'webflow.io',
  'firebaseapp.com',
  'web.app',
  'netlify.app',
  'vercel.app',
  'pages.dev',
  'workers.dev',
  'herokuapp.com',
  'glitch.me',
  '000webhostapp.com',
  'ngrok.io',
  'ngrok-free.app',
  'azurewebsites.net',
  'cloudfront.net',
  'amazonaws.com',
  'appspot.com',
  'googleusercontent.com',
  'google.com',
  'forms.gle',
  'typeform.com',
  'jotform.com',
  'linktr.ee',
  // file sharing
  'dropbox.com',
  'dropboxusercontent.com',
  'storage.googleapis.com',
  'mediafire.com',
];

/**
 * Hosts of the domains above that serve many people's content under one name,
 * distinguished by the path alone (`docs.google.com/forms/d/...`), so their
 * `host:` keys would join unrelated cases too. The `www.` host of each seeded
 * domain is added to these.
 */
export const SEEDED_COMMON_HOSTS: readonly string[] = [
  'docs.google.com',
  'drive.google.com',
  'sites.google.com',
  'script.google.com',
  'form.jotform.com',
  's3.amazonaws.com',
];

/** Returns the seeded keys as stored in `common_keys`. */
export function seededCommonKeys(): string[] {
  return [
    ...SEEDED_COMMON_DOMAINS.map((domain) => `domain:${domain}`),
    ...SEEDED_COMMON_DOMAINS.map((domain) => `host:www.${domain}`),
    ...SEEDED_COMMON_HOSTS.map((host) => `host:${host}`),
  ];
}

import MarkdownIt from 'markdown-it';

/**
 * Markdown for guidance pages and warnings. Raw HTML is off, so a text can
 * never add a script, and bare URLs stay text: a warning quotes scam links,
 * which must not become clickable.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));

// Links in Markdown go out without a referrer and without passing on authority.
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index]!.attrSet('rel', 'nofollow noopener noreferrer');
  return defaultLinkOpen(tokens, index, options, env, self);
};

/** Renders Markdown to HTML that is safe to insert: markdown-it escapes all text. */
export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { isVigilError } from '../errors.ts';
import { createOrganisation } from './organisation.service.ts';

describe('createOrganisation', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  it('keeps a plain contact address', async () => {
    const { organisation } = await createOrganisation(
      database,
      { name: 'VNPT', kind: 'isp', contactEmail: ' abuse@vnpt.example ' },
      'test',
    );
    assert.equal(organisation.contactEmail, 'abuse@vnpt.example');
  });

  it('refuses an address a mailer would split', async () => {
    for (const contactEmail of ['a,b@isp.example', 'a;b@isp.example', 'a b@isp.example']) {
      await assert.rejects(
        createOrganisation(
          database,
          { name: `Org ${contactEmail}`, kind: 'isp', contactEmail },
          'test',
        ),
        (error: unknown) => isVigilError(error) && error.field === 'email',
        contactEmail,
      );
    }
  });
});

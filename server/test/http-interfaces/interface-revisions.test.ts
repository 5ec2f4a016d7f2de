import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, startGateway } from '../../src/gateway.ts';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import {
  createInterface,
  json,
  petDefinition,
  simpleDefinition,
  type ErrorBody,
  type Resource,
} from './interface-fixtures.ts';

interface RevisionSummary {
  revision: number;
  action: string;
  author: string | null;
  message: string | null;
  createdAt: string;
  contentHash: string;
}

describe.each(DIALECTS)('interface revisions, locking and rollback on %s', (dialect) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(dialect);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const put = (id: number, body: unknown, headers: Record<string, string> = {}) =>
    gateway.api(`/interfaces/${id}`, { method: 'PUT', json: body, headers });
  const revisions = async (id: number) =>
    json<{ items: RevisionSummary[]; total: number }>(
      await gateway.api(`/interfaces/${id}/revisions`),
    );

  it('makes a revision only when the content changes, with author and message', async () => {
    const created = await createInterface(gateway, petDefinition({ name: 'rev' }), {
      'x-author': 'alice',
    });
    // Same content, keys in another order: no new revision, current state returned.
    const reordered = Object.fromEntries(Object.entries(petDefinition({ name: 'rev' })).reverse());
    const same = await put(created.id, { ...reordered, revision: 1, message: 'noop' });
    expect(same.status).toBe(200);
    expect(await same.json()).toMatchObject({ revision: 1, updatedAt: created.updatedAt });

    const changed = await put(
      created.id,
      { ...petDefinition({ name: 'rev', tags: ['pets', 'read'] }), revision: 1, message: 'tag it' },
      { 'x-author': 'bob' },
    );
    expect(await changed.json()).toMatchObject({ revision: 2, tags: ['pets', 'read'] });

    const history = await revisions(created.id);
    expect(history.total).toBe(2);
    expect(history.items.map((r) => [r.revision, r.action, r.author, r.message])).toEqual([
      [2, 'update', 'bob', 'tag it'],
      [1, 'create', 'alice', null],
    ]);
    expect(history.items[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(history.items[0]!.contentHash).not.toBe(history.items[1]!.contentHash);
  });

  it('reads any revision with its full definition', async () => {
    const created = await createInterface(gateway, petDefinition({ name: 'readRev' }));
    await put(created.id, { ...petDefinition({ name: 'readRev', summary: 'v2' }), revision: 1 });
    await put(created.id, { ...petDefinition({ name: 'readRev', summary: 'v3' }), revision: 2 });

    const first = await gateway.api(`/interfaces/${created.id}/revisions/1`);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      revision: 1,
      action: 'create',
      definition: petDefinition({ name: 'readRev' }),
    });
    const second = await json<{ definition: { summary: string } }>(
      await gateway.api(`/interfaces/${created.id}/revisions/2`),
    );
    expect(second.definition.summary).toBe('v2');
    const missing = await gateway.api(`/interfaces/${created.id}/revisions/9`);
    expect(missing.status).toBe(404);
    expect((await json<ErrorBody>(missing)).error.message).toContain('revision 9');
  });

  it('diffs two revisions as JSON-pointer changes', async () => {
    const created = await createInterface(gateway, petDefinition({ name: 'diffed' }));
    const next = petDefinition({ name: 'diffed', summary: 'New summary', tags: ['pets', 'v2'] });
    delete next.description;
    next.parameters = [next.parameters![0]!];
    next.responses = { ...next.responses, 'application/x': { description: 'slash key' } };
    await put(created.id, { ...next, responses: petDefinition().responses, revision: 1 });
    await put(created.id, {
      ...next,
      responses: { ...petDefinition().responses, '404': { description: 'Not/found~' } },
      revision: 2,
    });

    const response = await gateway.api(`/interfaces/${created.id}/diff?from=1&to=3`);
    expect(response.status).toBe(200);
    const body = await json<{ from: number; to: number; changes: unknown[] }>(response);
    expect(body.from).toBe(1);
    expect(body.to).toBe(3);
    expect(body.changes).toEqual(
      expect.arrayContaining([
        { path: '/summary', op: 'replace', before: 'Find a pet by id', after: 'New summary' },
        { path: '/description', op: 'remove', before: 'Returns one pet of the store.' },
        { path: '/tags/1', op: 'add', after: 'v2' },
        {
          path: '/parameters/1',
          op: 'remove',
          before: { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
        },
        { path: '/responses/404', op: 'add', after: { description: 'Not/found~' } },
      ]),
    );
    expect(body.changes).toHaveLength(5);

    const backwards = await json<{ changes: Array<{ path: string; op: string }> }>(
      await gateway.api(`/interfaces/${created.id}/diff?from=3&to=1`),
    );
    expect(backwards.changes.find((c) => c.path === '/description')?.op).toBe('add');
    const none = await json<{ changes: unknown[] }>(
      await gateway.api(`/interfaces/${created.id}/diff?from=2&to=2`),
    );
    expect(none.changes).toEqual([]);
    expect((await gateway.api(`/interfaces/${created.id}/diff?from=1&to=7`)).status).toBe(404);
    expect((await gateway.api(`/interfaces/${created.id}/diff?from=1`)).status).toBe(400);
  });

  it('escapes "/" and "~" in diff paths as JSON pointers do', async () => {
    const created = await createInterface(gateway, petDefinition({ name: 'escaped' }));
    const content = {
      ...petDefinition().responses!['200']!.content,
      'text/plain~v1': { schema: { type: 'string' } },
    };
    await put(created.id, {
      ...petDefinition({ name: 'escaped' }),
      responses: { ...petDefinition().responses, '200': { description: 'The pet', content } },
      revision: 1,
    });
    const body = await json<{ changes: Array<{ path: string }> }>(
      await gateway.api(`/interfaces/${created.id}/diff?from=1&to=2`),
    );
    expect(body.changes.map((c) => c.path)).toEqual(['/responses/200/content/text~1plain~0v1']);
  });

  it('rolls back by adding a revision with the old content, keeping history', async () => {
    const created = await createInterface(gateway, petDefinition({ name: 'rolled' }));
    await put(created.id, { ...simpleDefinition('rolled'), revision: 1 });
    const rollback = await gateway.api(`/interfaces/${created.id}/rollback`, {
      method: 'POST',
      json: { toRevision: 1, revision: 2, message: 'undo the simplification' },
      headers: { 'x-author': 'carol' },
    });
    expect(rollback.status).toBe(200);
    const rolled = await json<Resource>(rollback);
    expect(rolled).toMatchObject({ revision: 3, ...petDefinition({ name: 'rolled' }) });

    const history = await revisions(created.id);
    expect(history.items.map((r) => [r.revision, r.action])).toEqual([
      [3, 'rollback'],
      [2, 'update'],
      [1, 'create'],
    ]);
    expect(history.items[0]).toMatchObject({ author: 'carol', message: 'undo the simplification' });
    expect(history.items[0]!.contentHash).toBe(history.items[2]!.contentHash);

    const stale = await gateway.api(`/interfaces/${created.id}/rollback`, {
      method: 'POST',
      json: { toRevision: 2, revision: 2 },
    });
    expect(stale.status).toBe(409);
    const missingRevision = await gateway.api(`/interfaces/${created.id}/rollback`, {
      method: 'POST',
      json: { toRevision: 2 },
    });
    expect(missingRevision.status).toBe(428);
    const unknownTarget = await gateway.api(`/interfaces/${created.id}/rollback`, {
      method: 'POST',
      json: { toRevision: 42, revision: 3 },
    });
    expect(unknownTarget.status).toBe(404);
    expect((await revisions(created.id)).total).toBe(3);
  });

  it('answers a stale revision with 409 carrying the current state, and stores nothing', async () => {
    const created = await createInterface(gateway, simpleDefinition('stale'));
    await put(created.id, { ...simpleDefinition('stale', { summary: 'first' }), revision: 1 });
    const response = await put(created.id, {
      ...simpleDefinition('stale', { summary: 'second' }),
      revision: 1,
    });
    expect(response.status).toBe(409);
    const body = await json<ErrorBody>(response);
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toMatch(/revision 1.*current revision is 2/);
    expect(body.current).toMatchObject({ id: created.id, revision: 2, summary: 'first' });

    const staleDelete = await gateway.api(`/interfaces/${created.id}`, {
      method: 'DELETE',
      headers: { 'if-match': '"1"' },
    });
    expect(staleDelete.status).toBe(409);
    expect((await json<ErrorBody>(staleDelete)).current?.revision).toBe(2);
    expect(await json<Resource>(await gateway.api(`/interfaces/${created.id}`))).toMatchObject({
      revision: 2,
      summary: 'first',
    });
  });

  it('lets exactly one of two concurrent updates from the same revision win', async () => {
    const created = await createInterface(gateway, simpleDefinition('raced'));
    let revision = created.revision;
    for (let round = 0; round < 8; round++) {
      const responses = await Promise.all(
        ['left', 'right'].map((side) =>
          put(created.id, {
            ...simpleDefinition('raced', { summary: `${side} ${round}` }),
            revision,
          }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses, `round ${round}`).toEqual([200, 409]);
      const winner = await json<Resource>(responses.find((r) => r.status === 200)!);
      const loser = await json<ErrorBody>(responses.find((r) => r.status === 409)!);
      expect(winner.revision).toBe(revision + 1);
      expect(loser.current).toMatchObject({ revision: revision + 1, summary: winner.summary });
      revision = winner.revision;
    }
    const history = await revisions(created.id);
    expect(history.total).toBe(9);
    expect(history.items.map((r) => r.revision)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('soft-deletes: hidden from list and get, kept in history, restored on request', async () => {
    const created = await createInterface(gateway, simpleDefinition('softly', { tags: ['soft'] }));
    const deleted = await gateway.api(`/interfaces/${created.id}?revision=1`, {
      method: 'DELETE',
      json: { message: 'retired' },
      headers: { 'x-author': 'dave' },
    });
    expect(deleted.status).toBe(200);
    const deletedBody = await json<Resource>(deleted);
    expect(deletedBody).toMatchObject({ revision: 2, name: 'softly' });
    expect(deletedBody.deletedAt).toBeTruthy();

    expect((await gateway.api(`/interfaces/${created.id}`)).status).toBe(404);
    const list = await json<{ total: number }>(await gateway.api('/interfaces?tag=soft'));
    expect(list.total).toBe(0);
    const withDeleted = await json<{ items: Resource[] }>(
      await gateway.api('/interfaces?tag=soft&includeDeleted=true'),
    );
    expect(withDeleted.items.map((i) => i.id)).toEqual([created.id]);
    const peek = await gateway.api(`/interfaces/${created.id}?includeDeleted=true`);
    expect(peek.status).toBe(200);
    expect(
      (await gateway.api(`/interfaces/${created.id}?revision=2`, { method: 'DELETE' })).status,
    ).toBe(404);
    const updateDeleted = await put(created.id, { ...simpleDefinition('softly'), revision: 2 });
    expect(updateDeleted.status).toBe(404);

    const restored = await gateway.api(`/interfaces/${created.id}/restore`, {
      method: 'POST',
      json: { message: 'needed after all' },
    });
    expect(restored.status).toBe(200);
    const restoredBody = await json<Resource>(restored);
    expect(restoredBody).toMatchObject({ revision: 3, name: 'softly', tags: ['soft'] });
    expect(restoredBody).not.toHaveProperty('deletedAt');
    expect((await gateway.api(`/interfaces/${created.id}`)).status).toBe(200);
    expect((await json<{ total: number }>(await gateway.api('/interfaces?tag=soft'))).total).toBe(
      1,
    );

    const history = await revisions(created.id);
    expect(history.items.map((r) => [r.action, r.author, r.message])).toEqual([
      ['restore', null, 'needed after all'],
      ['delete', 'dave', 'retired'],
      ['create', null, null],
    ]);
    const again = await gateway.api(`/interfaces/${created.id}/restore`, { method: 'POST' });
    expect(again.status).toBe(409);
  });

  it('frees the name of a deleted interface, and refuses to restore over a new owner', async () => {
    const original = await createInterface(gateway, simpleDefinition('reused'));
    await gateway.api(`/interfaces/${original.id}`, {
      method: 'DELETE',
      headers: { 'if-match': '"1"' },
    });
    const successor = await createInterface(gateway, simpleDefinition('reused', { path: '/new' }));
    expect(successor.id).not.toBe(original.id);

    const restore = await gateway.api(`/interfaces/${original.id}/restore`, { method: 'POST' });
    expect(restore.status).toBe(409);
    const body = await json<ErrorBody>(restore);
    expect(body.error.details?.[0]?.path).toBe('/name');
    expect(body.error.message).toContain('reused');
    const stillDeleted = await json<Resource>(
      await gateway.api(`/interfaces/${original.id}?includeDeleted=true`),
    );
    expect(stillDeleted.deletedAt).toBeTruthy();
    expect(stillDeleted.revision).toBe(2);
  });
});

describe.each(DIALECTS)('interface data across a gateway restart on %s', (dialect) => {
  it('keeps interfaces and their history on the same data dir or database', async () => {
    const first = await startTestGateway(dialect);
    try {
      const created = await createInterface(first, petDefinition({ name: 'durable' }));
      await first.api(`/interfaces/${created.id}`, {
        method: 'PUT',
        json: { ...petDefinition({ name: 'durable', summary: 'kept' }), revision: 1 },
      });
      await first.close();

      const second = await startGateway(first.services.settings, createLogger('silent'));
      try {
        const read = await fetch(`${second.adminUrl}/api/v1/interfaces/${created.id}`);
        expect(read.status).toBe(200);
        expect(await read.json()).toMatchObject({
          revision: 2,
          ...petDefinition({ name: 'durable', summary: 'kept' }),
        });
        const history = (await (
          await fetch(`${second.adminUrl}/api/v1/interfaces/${created.id}/revisions`)
        ).json()) as { total: number };
        expect(history.total).toBe(2);
        const duplicate = await fetch(`${second.adminUrl}/api/v1/interfaces`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(simpleDefinition('durable')),
        });
        expect(duplicate.status).toBe(409);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
      await first.target.dispose();
    }
  });
});

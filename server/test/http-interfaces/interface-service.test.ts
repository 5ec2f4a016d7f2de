import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { ApiError } from '../../src/app/errors.ts';
import { HttpInterfaceService } from '../../src/http-interfaces/interface-service.ts';
import { updateInterfaceIfRevision } from '../../src/http-interfaces/interface-repository.ts';
import type { InterfaceDefinition } from '../../src/http-interfaces/interface-model.ts';
import { createTestDatabase, DIALECTS, type TestDatabaseTarget } from '../support/databases.ts';
import { petDefinition, simpleDefinition } from './interface-fixtures.ts';

async function openTarget(target: TestDatabaseTarget): Promise<Database> {
  return openDatabase({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe.each(DIALECTS)('interface service on %s', (dialect) => {
  let target: TestDatabaseTarget;
  let database: Database;
  let service: HttpInterfaceService;
  beforeAll(async () => {
    target = await createTestDatabase(dialect);
    database = await openTarget(target);
    service = new HttpInterfaceService(database);
  });
  afterAll(async () => {
    await database?.close();
    await target?.dispose();
  });

  const revisionCount = async (id: number) => (await service.listRevisions(id)).total;
  const liveTotal = async () => (await service.list({ pageSize: 1 })).total;

  it('applies a batch in one transaction: one revision per actual change', async () => {
    const existing = await service.create(simpleDefinition('batchExisting'));
    const untouched = await service.create(simpleDefinition('batchUntouched'));
    const results = await service.applyBatch(
      [
        { kind: 'create', definition: simpleDefinition('batchNew1') },
        {
          kind: 'update',
          id: existing.id,
          definition: simpleDefinition('batchExisting', { summary: 'imported' }),
          expectedRevision: 1,
        },
        { kind: 'update', id: untouched.id, definition: simpleDefinition('batchUntouched') },
        { kind: 'create', definition: simpleDefinition('batchNew2') },
      ],
      { author: 'importer', message: 'import petstore.yaml' },
    );
    expect(results.map((r) => [r.definition.name, r.revision])).toEqual([
      ['batchNew1', 1],
      ['batchExisting', 2],
      ['batchUntouched', 1],
      ['batchNew2', 1],
    ]);
    expect(await revisionCount(untouched.id)).toBe(1);
    const revision = await service.getRevision(existing.id, 2);
    expect(revision).toMatchObject({
      action: 'update',
      author: 'importer',
      message: 'import petstore.yaml',
    });
    expect(await service.get(results[0]!.id)).toEqual(results[0]);
  });

  it('stores nothing from a batch whose last change takes a used name', async () => {
    const existing = await service.create(simpleDefinition('atomicExisting'));
    const before = await liveTotal();
    const error = await rejection(
      service.applyBatch([
        { kind: 'create', definition: simpleDefinition('atomicA') },
        {
          kind: 'update',
          id: existing.id,
          definition: simpleDefinition('atomicExisting', { summary: 'changed' }),
        },
        { kind: 'create', definition: simpleDefinition('atomicB') },
        { kind: 'create', definition: simpleDefinition('atomicExisting', { path: '/dup' }) },
      ]),
    );
    expect(error.statusCode).toBe(409);
    expect(error.details?.[0]).toMatchObject({ path: '/name', change: 3 });
    expect(await liveTotal()).toBe(before);
    expect((await service.list({ search: 'atomicA' })).total).toBe(0);
    expect(await service.get(existing.id)).toMatchObject({
      revision: 1,
      definition: simpleDefinition('atomicExisting'),
    });
    expect(await revisionCount(existing.id)).toBe(1);
  });

  it('validates every change of a batch before storing any, naming the change', async () => {
    const before = await liveTotal();
    const error = await rejection(
      service.applyBatch([
        { kind: 'create', definition: simpleDefinition('validA') },
        { kind: 'create', definition: { ...simpleDefinition('invalidB'), path: '/x/{id}' } },
        { kind: 'create', definition: { name: 'invalidC', method: 'GET' } as InterfaceDefinition },
      ]),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.details?.map((d) => [d.change, d.path])).toEqual([
      [1, '/path'],
      [2, '/path'],
    ]);
    expect(await liveTotal()).toBe(before);
  });

  it('rejects a stale expectedRevision or an unknown id inside a batch, storing nothing', async () => {
    const existing = await service.create(simpleDefinition('batchStale'));
    await service.update(existing.id, simpleDefinition('batchStale', { summary: 'v2' }), 1);
    const before = await liveTotal();
    const stale = await rejection(
      service.applyBatch([
        { kind: 'create', definition: simpleDefinition('batchStaleNew') },
        {
          kind: 'update',
          id: existing.id,
          definition: simpleDefinition('batchStale'),
          expectedRevision: 1,
        },
      ]),
    );
    expect(stale.statusCode).toBe(409);
    expect((stale.extra?.current as { revision: number }).revision).toBe(2);
    const unknown = await rejection(
      service.applyBatch([
        { kind: 'create', definition: simpleDefinition('batchStaleNew') },
        { kind: 'update', id: 999_999, definition: simpleDefinition('ghost') },
      ]),
    );
    expect(unknown.statusCode).toBe(404);
    expect(await liveTotal()).toBe(before);
  });

  it('finds all live definitions, by ids or tag, for export and import matching', async () => {
    const a = await service.create(simpleDefinition('findA', { tags: ['export'] }));
    const b = await service.create(simpleDefinition('findB', { tags: ['export', 'other'] }));
    const c = await service.create(simpleDefinition('findC', { tags: ['export'] }));
    await service.delete(c.id, 1);
    const tagged = await service.findAllDefinitions({ tag: 'export' });
    expect(tagged.map((s) => s.definition.name)).toEqual(['findA', 'findB']);
    const byIds = await service.findAllDefinitions({ ids: [b.id, a.id] });
    expect(byIds.map((s) => s.id)).toEqual([a.id, b.id]);
    const byIdsAndTag = await service.findAllDefinitions({ ids: [a.id, b.id], tag: 'other' });
    expect(byIdsAndTag.map((s) => s.id)).toEqual([b.id]);
    const missing = await rejection(service.findAllDefinitions({ ids: [a.id, c.id, 424242] }));
    expect(missing.statusCode).toBe(404);
    expect(missing.message).toContain(`${c.id}, 424242`);
    const all = await service.findAllDefinitions();
    expect(all.some((s) => s.id === c.id)).toBe(false);
    expect(all.map((s) => s.definition.name)).toEqual(
      [...all.map((s) => s.definition.name)].sort(),
    );
  });

  it('lets exactly one of many concurrent updates from one revision through', async () => {
    const created = await service.create(simpleDefinition('contended'));
    let revision = 1;
    for (let round = 0; round < 5; round++) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          service.update(
            created.id,
            simpleDefinition('contended', { summary: `r${round} w${i}` }),
            revision,
          ),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o) => o.status === 'rejected');
      expect(won, `round ${round}`).toHaveLength(1);
      for (const o of lost) expect((o.reason as ApiError).statusCode).toBe(409);
      revision += 1;
    }
    expect(await revisionCount(created.id)).toBe(6);
  });

  it('conditions the stored update on the revision it was read at', async () => {
    const created = await service.create(simpleDefinition('conditional'));
    await service.update(created.id, simpleDefinition('conditional', { summary: 'v2' }), 1);
    const applied = await updateInterfaceIfRevision(database.db, created.id, 1, {
      summary: 'lost update',
    });
    expect(applied).toBe(false);
    expect((await service.get(created.id)).definition.summary).toBe('v2');
    expect(await updateInterfaceIfRevision(database.db, created.id, 2, { updated_at: 'now' })).toBe(
      true,
    );
  });

  it('hashes content independently of key order', async () => {
    const created = await service.create(petDefinition({ name: 'hashed' }));
    const reordered = Object.fromEntries(
      Object.entries(petDefinition({ name: 'hashed' })).reverse(),
    ) as InterfaceDefinition;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(petDefinition({ name: 'hashed' })));
    const same = await service.update(created.id, reordered, 1);
    expect(same.revision).toBe(1);
    expect(same.contentHash).toBe(created.contentHash);
    expect(created.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses with 422 to roll back to a revision that no longer passes validation', async () => {
    const created = await service.create(simpleDefinition('outdated'));
    await service.update(created.id, simpleDefinition('outdated', { summary: 'v2' }), 1);
    // A revision saved under looser rules than today's: its path variable has no parameter.
    await database.db
      .updateTable('http_interface_revisions')
      .set({ definition: JSON.stringify(simpleDefinition('outdated', { path: '/o/{id}' })) })
      .where('interface_id', '=', created.id)
      .where('revision', '=', 1)
      .execute();
    const error = await rejection(service.rollback(created.id, 1, 2));
    expect(error.statusCode).toBe(422);
    expect(error.details?.[0]).toMatchObject({ path: '/path' });
    expect((await service.get(created.id)).revision).toBe(2);
  });

  it('validates definitions that do not come through HTTP', async () => {
    const error = await rejection(
      service.create({ ...simpleDefinition('direct'), extra: 1 } as unknown as InterfaceDefinition),
    );
    expect(error.statusCode).toBe(400);
    expect(error.details?.[0]).toMatchObject({ path: '/extra' });
    const page = await rejection(service.list({ pageSize: 0 }));
    expect(page.statusCode).toBe(400);
  });
});

describe('interface storage across dialects', () => {
  it('stores and returns identical definitions on SQLite and PostgreSQL', async () => {
    const definition: InterfaceDefinition = petDefinition({
      name: 'identical ✓ 名前',
      description: 'Quotes " and \\ backslashes, emoji 🐾, NUL-free\ncontrol\ttext',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                z: { type: 'number', maximum: 1e21 },
                a: { const: 0.1 },
                m: { default: null },
              },
              required: ['z'],
            },
            example: { z: 12345678901234, a: 0.1, nested: [[], {}, [null, true, false]] },
          },
        },
      },
    });
    const results = [];
    for (const dialect of DIALECTS) {
      const target = await createTestDatabase(dialect);
      const database = await openTarget(target);
      try {
        const service = new HttpInterfaceService(database);
        const created = await service.create(definition, { author: 'ü', message: 'm' });
        const read = await service.get(created.id);
        const revision = await service.getRevision(created.id, 1);
        const raw = await database.db
          .selectFrom('http_interfaces')
          .select(['definition', 'content_hash'])
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow();
        results.push({ read, revision, raw });
      } finally {
        await database.close();
        await target.dispose();
      }
    }
    const [sqlite, postgres] = results;
    expect(sqlite!.read.definition).toEqual(definition);
    expect(postgres!.read.definition).toEqual(definition);
    expect(postgres!.raw.definition).toBe(sqlite!.raw.definition);
    expect(postgres!.raw.content_hash).toBe(sqlite!.raw.content_hash);
    expect(Object.keys(postgres!.read.definition)).toEqual(Object.keys(definition));
    expect(postgres!.revision.definition).toEqual(sqlite!.revision.definition);
    expect(postgres!.revision.author).toBe('ü');
  });
});

// Schema migrations: MIGRATIONS[n] turns a parsed schema-n file into schema n+1, in place. The
// store keeps the file as it was next to it (`state.json.v<n>.bak`) before the migrated state is
// written, so a migration can always be undone by hand. To change the schema: bump
// SCHEMA_VERSION (schema.ts), add the step here, and a test that migrates a file of the old
// version (tests/trust-state.test.ts).
import { SCHEMA_VERSION } from './schema';

type Json = Record<string, any>;

/** 1 → 2: tasks name their service's task template by version instead of carrying a copy. */
function v1to2(data: Json): void {
  const swarm = data.swarm;
  if (swarm) {
    const byService = new Map<string, Json>();
    for (const svc of swarm.services ?? []) {
      const versions = new Map<string, number>();
      const cur = JSON.stringify(svc.spec?.TaskTemplate);
      svc.tv = 1;
      versions.set(cur, 1);
      if (svc.previousSpec) {
        const prev = JSON.stringify(svc.previousSpec.TaskTemplate);
        if (!versions.has(prev)) versions.set(prev, 2);
        svc.ptv = versions.get(prev);
      }
      byService.set(svc.id, { svc, versions });
    }
    for (const t of swarm.tasks ?? []) {
      const owner = byService.get(t.service);
      if (owner) {
        const key = JSON.stringify(t.spec);
        let v = owner.versions.get(key);
        if (v === undefined) {
          v = owner.versions.size + 1;
          owner.versions.set(key, v);
          (owner.svc.templates ??= {})[v] = t.spec;
        }
        t.tv = v;
      } else t.tv = 0;
      delete t.spec;
      delete t.updated;
    }
    for (const n of swarm.networks ?? []) if (n.alloc) delete n.alloc.used;
  }
  data.schemaVersion = 2;
}

export const MIGRATIONS: Record<number, (data: Json) => void> = { 1: v1to2 };

/** Brings a parsed file of schema `data.schemaVersion` (< current) to the current schema. */
export function migrate(data: Json): void {
  for (let v = data.schemaVersion; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`no migration from schema ${v}`);
    step(data);
    data.schemaVersion = v + 1;
  }
}

/**
 * Structural validation of a SARIF 2.1.0 log against the required properties and value constraints
 * of the OASIS sarif-schema-2.1.0.json that our output uses (no network: the rules are written out).
 * Returns the list of violations (empty = valid).
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const LEVELS = ['none', 'note', 'warning', 'error'];
const KINDS = ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'];

export function validateSarif(log: unknown): string[] {
  const errs: string[] = [];
  const need = (cond: boolean, where: string, what: string) => {
    if (!cond) errs.push(`${where}: ${what}`);
  };
  if (!isObj(log)) return ['root: must be an object'];
  need(log.version === '2.1.0', 'version', 'must be "2.1.0"');
  if (log.$schema !== undefined) need(typeof log.$schema === 'string', '$schema', 'must be a string (uri)');
  need(Array.isArray(log.runs), 'runs', 'is required and must be an array');
  const runs = Array.isArray(log.runs) ? log.runs : [];
  runs.forEach((run, ri) => {
    const w = `runs[${ri}]`;
    if (!isObj(run)) return void errs.push(`${w}: must be an object`);
    const tool = run.tool;
    need(isObj(tool), `${w}.tool`, 'is required');
    const driver = isObj(tool) ? tool.driver : undefined;
    need(isObj(driver), `${w}.tool.driver`, 'is required');
    const rules: Obj[] = [];
    if (isObj(driver)) {
      need(typeof driver.name === 'string' && driver.name.length > 0, `${w}.tool.driver.name`, 'is required (string)');
      if (driver.informationUri !== undefined)
        need(isAbsoluteUri(driver.informationUri), `${w}.tool.driver.informationUri`, 'must be an absolute URI');
      if (driver.rules !== undefined) {
        need(Array.isArray(driver.rules), `${w}.tool.driver.rules`, 'must be an array');
        const ids = new Set<string>();
        (Array.isArray(driver.rules) ? driver.rules : []).forEach((rule, i) => {
          const rw = `${w}.tool.driver.rules[${i}]`;
          if (!isObj(rule)) return void errs.push(`${rw}: must be an object`);
          rules.push(rule);
          need(typeof rule.id === 'string', `${rw}.id`, 'is required (string)');
          need(!ids.has(String(rule.id)), `${rw}.id`, 'must be unique');
          ids.add(String(rule.id));
          for (const k of ['shortDescription', 'fullDescription', 'help']) {
            if (rule[k] !== undefined)
              need(
                isObj(rule[k]) && typeof (rule[k] as Obj).text === 'string',
                `${rw}.${k}`,
                'multiformatMessageString requires text',
              );
          }
          if (rule.defaultConfiguration !== undefined) {
            const dc = rule.defaultConfiguration;
            need(
              isObj(dc) && (dc.level === undefined || LEVELS.includes(String(dc.level))),
              `${rw}.defaultConfiguration.level`,
              `must be one of ${LEVELS.join('|')}`,
            );
          }
          if (rule.helpUri !== undefined) need(isAbsoluteUri(rule.helpUri), `${rw}.helpUri`, 'must be an absolute URI');
        });
      }
    }
    if (run.columnKind !== undefined)
      need(run.columnKind === 'utf16CodeUnits' || run.columnKind === 'unicodeCodePoints', `${w}.columnKind`, 'invalid');
    if (run.originalUriBaseIds !== undefined) {
      need(isObj(run.originalUriBaseIds), `${w}.originalUriBaseIds`, 'must be an object');
      for (const [k, v] of Object.entries(isObj(run.originalUriBaseIds) ? run.originalUriBaseIds : {})) {
        need(
          isObj(v) && typeof v.uri === 'string' && isAbsoluteUri(v.uri) && v.uri.endsWith('/'),
          `${w}.originalUriBaseIds.${k}`,
          'uri must be an absolute URI ending with /',
        );
      }
    }
    if (run.invocations !== undefined) {
      (Array.isArray(run.invocations) ? run.invocations : []).forEach((inv, i) =>
        need(
          isObj(inv) && typeof inv.executionSuccessful === 'boolean',
          `${w}.invocations[${i}].executionSuccessful`,
          'is required (boolean)',
        ),
      );
    }
    if (run.results !== undefined) {
      need(Array.isArray(run.results), `${w}.results`, 'must be an array');
      (Array.isArray(run.results) ? run.results : []).forEach((res, i) => {
        const rw = `${w}.results[${i}]`;
        if (!isObj(res)) return void errs.push(`${rw}: must be an object`);
        const msg = res.message;
        need(
          isObj(msg) && (typeof msg.text === 'string' || typeof msg.id === 'string'),
          `${rw}.message`,
          'is required with text or id',
        );
        if (res.level !== undefined) need(LEVELS.includes(String(res.level)), `${rw}.level`, 'invalid');
        if (res.kind !== undefined) need(KINDS.includes(String(res.kind)), `${rw}.kind`, 'invalid');
        if (res.ruleIndex !== undefined) {
          need(isInt(res.ruleIndex) && res.ruleIndex >= -1, `${rw}.ruleIndex`, 'must be an integer ≥ -1');
          if (isInt(res.ruleIndex) && res.ruleIndex >= 0) {
            need(rules[res.ruleIndex]?.id === res.ruleId, `${rw}.ruleIndex`, 'must point at the rule named by ruleId');
          }
        }
        if (res.ruleId !== undefined) need(typeof res.ruleId === 'string', `${rw}.ruleId`, 'must be a string');
        if (res.partialFingerprints !== undefined) {
          need(
            isObj(res.partialFingerprints) &&
              Object.values(res.partialFingerprints).every((v) => typeof v === 'string'),
            `${rw}.partialFingerprints`,
            'values must be strings',
          );
        }
        for (const key of ['locations', 'relatedLocations']) {
          if (res[key] === undefined) continue;
          need(Array.isArray(res[key]), `${rw}.${key}`, 'must be an array');
          const ids = new Set<number>();
          (Array.isArray(res[key]) ? (res[key] as unknown[]) : []).forEach((loc, li) => {
            validateLocation(loc, `${rw}.${key}[${li}]`, errs);
            if (isObj(loc) && loc.id !== undefined) {
              need(
                isInt(loc.id) && loc.id >= -1 && !ids.has(loc.id),
                `${rw}.${key}[${li}].id`,
                'must be a unique integer ≥ -1',
              );
              if (isInt(loc.id)) ids.add(loc.id);
            }
          });
        }
      });
    }
  });
  return errs;
}

function validateLocation(loc: unknown, w: string, errs: string[]): void {
  if (!isObj(loc)) return void errs.push(`${w}: must be an object`);
  if (loc.message !== undefined && !(isObj(loc.message) && typeof loc.message.text === 'string'))
    errs.push(`${w}.message: requires text`);
  const pl = loc.physicalLocation;
  if (pl === undefined) return;
  if (!isObj(pl)) return void errs.push(`${w}.physicalLocation: must be an object`);
  const al = pl.artifactLocation;
  if (!isObj(al) || typeof al.uri !== 'string') errs.push(`${w}.physicalLocation.artifactLocation.uri: is required`);
  else {
    if (/[\s\\]/.test(al.uri))
      errs.push(`${w}.physicalLocation.artifactLocation.uri: not a valid URI reference (${al.uri})`);
    if (al.uriBaseId !== undefined && (typeof al.uriBaseId !== 'string' || isAbsoluteUri(al.uri))) {
      errs.push(`${w}.physicalLocation.artifactLocation: uriBaseId requires a relative uri`);
    }
    if (al.uriBaseId === undefined && !isAbsoluteUri(al.uri))
      errs.push(`${w}.physicalLocation.artifactLocation: relative uri without uriBaseId`);
  }
  const r = pl.region;
  if (r === undefined) return;
  if (!isObj(r)) return void errs.push(`${w}.physicalLocation.region: must be an object`);
  const sl = r.startLine;
  if (!isInt(sl) || sl < 1) errs.push(`${w}.region.startLine: integer ≥ 1 required`);
  if (r.startColumn !== undefined && (!isInt(r.startColumn) || r.startColumn < 1))
    errs.push(`${w}.region.startColumn: integer ≥ 1`);
  if (r.endLine !== undefined && (!isInt(r.endLine) || (isInt(sl) && r.endLine < sl)))
    errs.push(`${w}.region.endLine: integer ≥ startLine`);
  if (r.endColumn !== undefined && (!isInt(r.endColumn) || r.endColumn < 1))
    errs.push(`${w}.region.endColumn: integer ≥ 1`);
  if (
    isInt(r.endColumn) &&
    isInt(r.startColumn) &&
    (r.endLine === undefined || r.endLine === sl) &&
    r.endColumn < r.startColumn
  ) {
    errs.push(`${w}.region.endColumn: must not precede startColumn on the same line`);
  }
}

function isAbsoluteUri(v: unknown): boolean {
  return typeof v === 'string' && /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(v);
}

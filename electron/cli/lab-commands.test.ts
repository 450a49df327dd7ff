/**
 * `faultlab compare`, `sweep`, `report` and `verify` as a teacher's script sees them:
 * the installed bin, real files, exit codes, stdout and stderr.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { faultlab, faultlabWithEnv } from './testing.js';


let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-lab-cli-'));
});

describe('faultlab compare --mode sim', () => {
  it('fills every cell of the lecture\'s table for the default scenario', () => {
    const r = faultlab('compare', '--mode', 'sim');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    for (const aspect of ['Arbitrary (Byzantine)', 'Request loss', 'Failure handling', 'Request copy', 'Replicas for', 'Overall cost']) expect(r.stdout).toContain(aspect);
    expect((r.stdout.match(/measured: /g) ?? []).length).toBe(12);
    expect(r.stdout).toContain('0 wrong of 1000 accepted (Byzantine:');
    expect(r.stdout).toContain('dropped (primary-backup has only 2 replicas)');
  });

  it('puts Raft and PBFT beside them: a PBFT scenario gets all four columns, each a run of its own', () => {
    const out = join(dir, 'four-columns');
    const r = faultlab('compare', 'examples/pbft-primary-equivocates.faultlab.json', '--mode', 'sim', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('under all 4 schemes');
    expect((r.stdout.match(/measured: /g) ?? []).length).toBe(24);
    for (const dir of ['', 'compared-smr', 'compared-pb', 'compared-raft']) expect(existsSync(join(out, dir, 'summary.json')), dir).toBe(true);
  });

  it('prints JSON with both runs and the rows', () => {
    const r = faultlab('compare', 'examples/pb-request-loss-retry.faultlab.json', '--mode', 'sim', '--json');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as { given: string; rows: { id: string; measured: { smr: string; pb: string } }[]; pb: { summary: { failovers: unknown[] } } };
    expect(c.given).toBe('primary-backup');
    expect(c.rows).toHaveLength(6);
    expect(c.pb.summary.failovers).toHaveLength(1);
  });
});

describe('faultlab sweep', () => {
  it('prints the grid, writes CSV and an SVG chart', () => {
    const csv = join(dir, 'sweep.csv');
    const svg = join(dir, 'sweep.svg');
    const r = faultlab('sweep', '--k', '1', '--kind', 'collude', '--csv', csv, '--chart', svg);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/k=1, n=3 \(2k\+1\), collude\s+ok\s+ok\s+\d+%/);
    expect(r.stdout).toMatch(/k=1, n=2 \(2k\), collude\s+ok\s+\d+%/);
    const lines = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(1 + 3 + 3);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*guarantee broke[\s\S]*<\/svg>$/);
  });

  it('sweeps all four schemes, each against its own bound: crashes and colluders by default, a scheme column in the CSV', () => {
    const csv = join(dir, 'sweep-schemes.csv');
    const svg = join(dir, 'sweep-schemes.svg');
    const r = faultlab('sweep', '--schemes', 'all', '--k', '1', '--n', 'bound', '--faults', '0-2', '--csv', csv, '--chart', svg);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Sweep: SMR (state-machine, arbitrary); PB (primary-backup, fail-stop); Raft (raft, fail-stop); PBFT (pbft, arbitrary)');
    expect(r.stdout).toMatch(/SMR: k=1, n=3 \(2k\+1\), collude\s+ok\s+ok\s+\d+%\s+≤ 1\s+≤ 1\n/);
    expect(r.stdout).toMatch(/PB: k=1, n=2 \(k\+1\), crash\s+ok\s+ok\s+\d+%\s+≤ 1\s+≤ 1\n/);
    expect(r.stdout).toMatch(/PB: k=1, n=2 \(k\+1\), collude\s+ok\s+\d+%\s+\d+%\s+beyond claim\s+≤ 0\n/);
    expect(r.stdout).toMatch(/Raft: k=1, n=3 \(2k\+1\), crash\s+ok\s+ok\s+\d+%\s+≤ 1\s+≤ 1\n/);
    expect(r.stdout).toMatch(/PBFT: k=1, n=4 \(3k\+1\), collude\s+ok\s+ok\s+\d+%\s+≤ 1\s+≤ 1\n/);
    expect(r.stdout).not.toContain('(differs)');
    const lines = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^scheme,failure_model,k,n,n_vs_bound,bound,fault_kind,faults,/);
    expect(lines).toHaveLength(1 + 4 * 2 * 3);
    expect([...new Set(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')))]).toEqual(['state-machine,arbitrary', 'primary-backup,fail-stop', 'raft,fail-stop', 'pbft,arbitrary']);
    const chart = readFileSync(svg, 'utf8');
    for (const heading of ['State-machine replication, trusted sequencer', 'Primary-backup, trusted arbiter', 'Raft, no trusted helper', 'PBFT, no trusted helper']) expect(chart).toContain(heading);
  });

  it('sweeps the schemes listed, in their order; one fail-stop scheme alone is swept with crashes', () => {
    const r = faultlab('sweep', '--schemes', 'raft', '--k', '1', '--n', 'bound', '--faults', '0-2', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { schemes: { scheme: string }[]; series: { label: string; kind: string }[] };
    expect(out.schemes.map((s) => s.scheme)).toEqual(['raft']);
    expect(out.series.map((s) => s.label)).toEqual(['k=1, n=3 (2k+1), crash']);
    const two = faultlab('sweep', '--schemes', 'pbft,primary-backup', '--k', '1', '--n', 'bound', '--faults', '0', '--kind', 'crash');
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout.indexOf('PBFT: k=1')).toBeLessThan(two.stdout.indexOf('PB: k=1'));
    expect(two.stdout).not.toContain('SMR');
  });
});

describe('faultlab report and verify', () => {
  it('writes a report that verifies, and a report with an edited figure that does not', () => {
    const run = join(dir, 'run');
    expect(faultlab('compare', '--mode', 'sim', '--out', run).code).toBe(0);
    const answers = join(dir, 'answers.json');
    writeFileSync(answers, JSON.stringify({ student: 'Grace Hopper', course: 'DS', prediction: 'masked', answers: ['two', 'undecided'] }));
    const html = join(dir, 'report.html');
    const r = faultlab('report', run, '--out', html, '--exercise', 'why-2k-plus-1', '--answers', answers);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${html}`);
    expect(readFileSync(html, 'utf8')).toContain('Grace Hopper');
    const ok = faultlab('verify', html);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/verified: .* matches its re-run/);

    const edited = join(dir, 'edited.html');
    writeFileSync(edited, readFileSync(html, 'utf8').replace('<span data-fl="messages.total">7611</span>', '<span data-fl="messages.total">7000</span>'));
    const bad = faultlab('verify', edited);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('figure "Messages sent" (messages.total, shown): the report says "7000", the re-run gives "7611"');
    expect(bad.stderr).toBe('verify failed: 1 difference\n');
  });

  it('reports a PBFT run folder made by compare with all four columns, and verifies every one', () => {
    const html = join(dir, 'four-columns.html');
    const r = faultlab('report', join(dir, 'four-columns'), '--out', html);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(html, 'utf8');
    for (const head of ['State-machine replication', 'Primary-backup', 'Raft', 'PBFT']) expect(text).toContain(`%">${head}</th>`);
    for (const column of ['smr', 'pb', 'raft']) expect(text).toContain(`id="faultlab-log-column-${column}"`);
    const ok = faultlab('verify', html);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain("Re-ran the scenario in simulation (seed 13) and its comparison's other columns (state-machine replication, primary-backup, Raft), and checked every embedded event log against its re-run's.");
    expect(ok.stdout).toMatch(/verified: .* matches its re-run/);
  });
});

describe('bad input: exit 2, one line on stderr, nothing on stdout', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['report without --out', () => ['report', join(dir, 'run')], /--out FILE\.html is required/],
    ['report of a folder that is no run', () => ['report', join(dir, 'nothing-here'), '--out', join(dir, 'x.html')], /not a run folder/],
    ['report with an unknown exercise', () => ['report', join(dir, 'run'), '--out', join(dir, 'x.html'), '--exercise', 'nope'], /unknown exercise "nope"/],
    ['report with a bad answers file', () => ['report', join(dir, 'run'), '--out', join(dir, 'x.html'), '--answers', write('bad.json', '{"answer": 1}')], /unknown field answer/],
    ['report --pdf with a wrong extension', () => ['report', join(dir, 'run'), '--out', join(dir, 'x.html'), '--pdf', join(dir, 'x.png')], /--pdf: expected a file name ending in \.pdf/],
    ['verify of a missing file', () => ['verify', join(dir, 'none.html')], /none\.html: no such file/],
    ['verify of an HTML file that is no report', () => ['verify', write('page.html', '<html><body>hi</body></html>')], /not a Fault Lab report/],
    ['sweep with an unknown fault kind', () => ['sweep', '--kind', 'meteor'], /--kind: unknown fault kind "meteor"/],
    ['sweep with a bad range', () => ['sweep', '--faults', '3-1'], /--faults: range 3-1 runs backwards/],
    ['sweep with an unknown scheme', () => ['sweep', '--schemes', 'raft,paxos'], /--schemes: unknown scheme "paxos" \(known: state-machine, primary-backup, raft, pbft, or all\)/],
    ['sweep with "all" and a scheme', () => ['sweep', '--schemes', 'all,raft'], /--schemes: "all" stands alone/],
    ['sweep with an empty scheme list', () => ['sweep', '--schemes', ','], /--schemes: expected a comma-separated list/],
    ['compare with a bad scenario', () => ['compare', write('bad.faultlab.json', '{"faultlab": 2}'), '--mode', 'sim'], /bad\.faultlab\.json: faultlab: expected one of 1/],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, () => {
      const r = faultlab(...args());
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^faultlab: /);
      expect(r.stderr).toMatch(pattern);
    });
  }

  it('report --pdf names the problem when no Chromium is found', () => {
    const r = faultlabWithEnv({ FAULTLAB_CHROMIUM: join(dir, 'no-chromium') }, 'report', join(dir, 'run'), '--out', join(dir, 'y.html'), '--pdf', join(dir, 'y.pdf'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^faultlab: --pdf: no Chromium found/);
    expect(existsSync(join(dir, 'y.pdf'))).toBe(false);
    expect(existsSync(join(dir, 'y.html'))).toBe(false);
  });
});

function write(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

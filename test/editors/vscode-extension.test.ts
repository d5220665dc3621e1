/**
 * The VS Code extension as built by `npm test` (scripts/build-vscode-extension.mjs, offline
 * packaging with @vscode/vsce): the .vsix holds the bundled client, the grammar and the language
 * configuration, and the manifest contributes the language, the grammar and both commands. The
 * server lookup runs on real folders.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findServer } from '../../editors/vscode/src/server-path.js';
import { ROOT } from '../cli/helpers.js';

const EXT = path.join(ROOT, 'editors', 'vscode');
const VSIX = path.join(EXT, 'dist', 'hielements.vsix');

/** A file of the .vsix (a zip), read with Python's zipfile. */
function vsixFile(name: string): string {
  return execFileSync(
    'python3',
    [
      '-c',
      'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())',
      VSIX,
      name,
    ],
    { encoding: 'utf8', maxBuffer: 16 << 20 },
  );
}

describe('the VS Code extension package', () => {
  it('is built from the current sources', () => {
    for (const f of ['syntaxes/hielements.tmLanguage.json', 'language-configuration.json']) {
      expect(vsixFile(`extension/${f}`), f).toBe(readFileSync(path.join(EXT, f), 'utf8'));
    }
    const source = JSON.parse(readFileSync(path.join(EXT, 'package.json'), 'utf8'));
    expect(JSON.parse(vsixFile('extension/package.json')).contributes).toEqual(source.contributes);
    expect(statSync(VSIX).size).toBeGreaterThan(10_000);
  });

  it('holds the manifest, the bundled client, the grammar and the language configuration', () => {
    const names = execFileSync(
      'python3',
      ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', VSIX],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .sort();
    expect(names).toEqual(
      [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension/dist/extension.js',
        'extension/language-configuration.json',
        'extension/package.json',
        'extension/readme.md',
        'extension/syntaxes/hielements.tmLanguage.json',
      ].sort(),
    );
    const manifest = JSON.parse(vsixFile('extension/package.json'));
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'hielements', extensions: ['.hie'] });
    expect(manifest.contributes.grammars[0]).toMatchObject({ language: 'hielements', scopeName: 'source.hielements' });
    expect(manifest.contributes.commands.map((c: { title: string }) => c.title)).toEqual(
      expect.arrayContaining(['Check file', 'Run checks']),
    );
    expect(manifest.contributes.configuration.properties['hielements.server.path'].type).toBe('string');
    const client = vsixFile('extension/dist/extension.js');
    // vscode-languageclient is bundled; only `vscode` itself is left to the editor.
    expect(client).toContain('hielements.checkFile');
    expect(client).not.toMatch(/require\("vscode-languageclient/);
    expect(client).toMatch(/require\("vscode"\)/);
    const config = JSON.parse(vsixFile('extension/language-configuration.json'));
    expect(config.comments).toEqual({ lineComment: '#', blockComment: ['###', '###'] });
    expect(new RegExp(config.indentationRules.increaseIndentPattern).test('element shop:')).toBe(true);
    expect(new RegExp(config.indentationRules.increaseIndentPattern).test('element shop implements a, b {  # x')).toBe(
      true,
    );
    expect(
      new RegExp(config.indentationRules.increaseIndentPattern).test("    scope src = files.folder_selector('a:')"),
    ).toBe(false);
  });
});

describe('finding the hielements CLI for a workspace', () => {
  const workspace = (files: Record<string, string>): string => {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'hie-ext-')));
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(path.join(dir, p), text);
    }
    return dir;
  };

  it('uses the workspace node_modules', () => {
    const dir = workspace({ 'node_modules/hielements/bin/hielements.js': '', 'package.json': '{"name":"app"}' });
    expect(findServer([dir], '')).toEqual({
      kind: 'module',
      module: path.join(dir, 'node_modules/hielements/bin/hielements.js'),
      source: 'the workspace node_modules',
    });
  });

  it('uses the configured path, relative to the workspace or absolute, as a module or an executable', () => {
    const dir = workspace({ 'tools/hie.js': '', 'tools/hie': '' });
    expect(findServer([dir], 'tools/hie.js')).toMatchObject({ kind: 'module', module: path.join(dir, 'tools/hie.js') });
    expect(findServer([dir], path.join(dir, 'tools/hie'))).toMatchObject({
      kind: 'command',
      command: path.join(dir, 'tools/hie'),
    });
    expect(findServer([dir], 'hielements')).toMatchObject({ kind: 'command', command: 'hielements' });
    expect(findServer([dir], 'tools/missing.js')).toBeUndefined();
  });

  it('uses the hielements repository itself, and finds nothing elsewhere', () => {
    expect(findServer([ROOT], undefined)).toEqual({
      kind: 'module',
      module: path.join(ROOT, 'bin/hielements.js'),
      source: 'the hielements repository',
    });
    expect(
      findServer([workspace({ 'package.json': '{"name":"other"}', 'bin/hielements.js': '' })], undefined),
    ).toBeUndefined();
    expect(findServer([], undefined)).toBeUndefined();
    expect(readFileSync(path.join(ROOT, 'bin/hielements.js'), 'utf8')).toContain('main(');
  });
});

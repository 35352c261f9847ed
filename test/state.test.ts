/**
 * Holds lib/ to having no module-level mutable state, with no exceptions: what one construct,
 * file or call records must not leak into another through a module (a shared cache or table
 * would make output depend on what ran before). State lives on instances or in locals.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const MUTABLE_CONTAINERS = ['Map', 'Set', 'WeakMap', 'WeakSet', 'Array'];

/** Module-level declarations that hold state which can change, as `line: text`. */
function moduleState(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2020, true);
  const found: string[] = [];
  const report = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${line + 1}: ${node.getText(source).split('\n')[0]}`);
  };
  const isMutableInitializer = (init: ts.Expression | undefined): boolean => {
    if (init === undefined) return false;
    const inner = ts.isAsExpression(init) || ts.isSatisfiesExpression(init) ? init.expression : init;
    if (ts.isNewExpression(inner)) return MUTABLE_CONTAINERS.includes(inner.expression.getText(source));
    if (ts.isArrayLiteralExpression(inner)) return inner.elements.length === 0;
    if (ts.isObjectLiteralExpression(inner)) return inner.properties.length === 0;
    // An immediately called function can hide a container in its closure.
    if (ts.isCallExpression(inner)) {
      const callee = ts.isParenthesizedExpression(inner.expression) ? inner.expression.expression : inner.expression;
      return ts.isFunctionExpression(callee) || ts.isArrowFunction(callee);
    }
    return false;
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      const list = statement.declarationList;
      if (!(list.flags & ts.NodeFlags.Const)) report(statement);
      else if (list.declarations.some((d) => isMutableInitializer(d.initializer))) report(statement);
    }
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) ?? [] : [];
        const isStatic = modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        const isReadonly = modifiers.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
        if (ts.isPropertyDeclaration(member) && isStatic && (!isReadonly || isMutableInitializer(member.initializer))) report(member);
      }
    }
  }
  return found;
}

describe('module-level state', () => {
  test('is found where it is written', () => {
    expect(moduleState('x.ts', [
      'let count = 0;',
      'export var seen = 1;',
      'const cache = new Map<string, string>();',
      'export const names: string[] = [];',
      'const memo = (() => { const m = new Set(); return m; })();',
      'class A { static last = 1; static readonly all = new WeakMap(); static readonly NAME = "a"; private x = new Map(); }',
      'const RULES = { a: 1 };',
      'const WORDS = ["a", "b"];',
      'function f() { let local = new Map(); return local; }',
    ].join('\n')).map((line) => line.split(':')[0])).toEqual(['1', '2', '3', '4', '5', '6', '6']);
  });

  test('lib/ has none', () => {
    const found = sourcesUnder(path.join(ROOT, 'lib')).flatMap((file) =>
      moduleState(file, fs.readFileSync(file, 'utf8')).map((line) => `${path.relative(ROOT, file)}:${line}`));
    expect(found).toEqual([]);
  });
});

/**
 * Template text: a ROS template is JSON or YAML
 * (https://www.alibabacloud.com/help/en/ros/user-guide/template-structure), and YAML may write
 * ROS's functions in their short forms. One reading serves the files reviews are given and the
 * `TemplateBody` of a nested stack given as text.
 */
import { LineCounter, Pair, Scalar, Tags, YAMLMap, isAlias, isScalar, parseDocument, visit } from 'yaml';

/**
 * ROS's functions, which a YAML template may write in the short form `!Name value`:
 * https://www.alibabacloud.com/help/en/ros/user-guide/function-overview (and each function's
 * page, e.g. https://www.alibabacloud.com/help/en/ros/user-guide/ref, gives its short form).
 * `Base64` is the name older templates use.
 */
export const ROS_SHORT_FORM_FUNCTIONS: readonly string[] = [
  'Add', 'And', 'Any', 'Avg', 'Base64', 'Base64Decode', 'Base64Encode', 'Calculate', 'Cidr', 'Condition', 'Contains',
  'EachMemberIn', 'Equals', 'FindInMap', 'FormatTime', 'GetAZs', 'GetAtt', 'GetJsonValue', 'GetStackOutput', 'If',
  'Indent', 'Index', 'Jq', 'Join', 'Length', 'ListMerge', 'MarketplaceImage', 'MatchPattern', 'Max', 'MergeMapToList',
  'Min', 'Not', 'Or', 'Ref', 'Replace', 'Select', 'SelectMapList', 'Split', 'Str', 'Sub',
];

/** The long form of a short-form function: `!Ref X` is `{Ref: X}`, `!Condition X` `{Condition: X}`, `!Name v` `{"Fn::Name": v}`. */
function longForm(name: string, value: unknown): unknown {
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  // `!GetAtt Resource.Attribute` names the resource before the first dot.
  if (name === 'GetAtt' && typeof value === 'string' && value.includes('.')) {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

/**
 * Each short form read as its long form, whether written on a scalar, a list or a map. A
 * collection becomes a map node holding it, so anchors and aliases inside it still resolve.
 */
const SHORT_FORM_TAGS: Tags = ROS_SHORT_FORM_FUNCTIONS.flatMap((name) => {
  const tag = `!${name}`;
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const wrap = (collection: unknown) => {
    const map = new YAMLMap();
    map.items.push(new Pair(new Scalar(key), collection));
    return map;
  };
  return [
    { tag, resolve: (value: string) => longForm(name, value) },
    { tag, collection: 'seq' as const, resolve: wrap },
    { tag, collection: 'map' as const, resolve: wrap },
  ];
});

/**
 * Why a YAML text was not read: a syntax error, a tag that is not a ROS function (read plain, it
 * would hide what it stands for), a merge key (see {@link mergeKeyOffset}); or, for a template,
 * a plain scalar YAML 1.1 reads as another value (see {@link versionsDiffer}).
 */
export interface YamlProblem {
  readonly kind: 'syntax' | 'tag' | 'merge' | 'scalar';
  /** Where, as an offset into the text. */
  readonly offset: number;
  /** The parser's message (first line), the tag or key as written, or how each version reads the scalar. */
  readonly message: string;
}

/** Aliases one document may expand: bounds the work a small text with nested aliases can cause. */
const MAX_ALIAS_COUNT = 1000;

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/**
 * Where the first merge key (a plain `<<` key, `<<: *anchor`) stands, if there is one. YAML 1.2
 * reads it as an ordinary key (but merges one tagged `!!merge`); YAML 1.1 readers (PyYAML,
 * SnakeYAML) merge the keys of the map it names into the map that holds it. ROS does not
 * document which it does, and a role or policy merged in that way would be missed, so a text
 * with one is not read.
 */
function mergeKeyOffset(doc: ReturnType<typeof parseDocument>): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Pair: (_key, pair) => {
      // An alias of a plain `<<` is the same node, and a merge key to a YAML 1.1 reader too.
      const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      if (isScalar(key) && ((key.value === '<<' && key.type === Scalar.PLAIN) || key.tag === MERGE_TAG)) {
        offset = (pair.key as Scalar).range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}

/**
 * The first plain scalar that YAML 1.1 reads as another value than YAML 1.2 does, which this
 * reader reads: `on`, `yes`, `y` (booleans in 1.1), `010` (8 in 1.1, 10 in 1.2), `1:20` (80),
 * `1_000`, `0b11`, `0o10`. ROS does not document which YAML it reads, and a condition or a
 * principal read one way where ROS reads it the other could hide access. A date, which YAML 1.1
 * reads as a date and 1.2 as its text, is left as text, and so are `y` and `n`, which the YAML 1.1
 * readers in use (PyYAML, SnakeYAML) read as text too.
 */
function versionsDiffer(text: string, doc: ReturnType<typeof parseDocument>): YamlProblem | undefined {
  const older = parseDocument(text, { version: '1.1', prettyErrors: false, customTags: SHORT_FORM_TAGS });
  if (older.errors.length > 0) return undefined;
  const [now, then] = [doc, older].map((d) => {
    const scalars: Scalar[] = [];
    visit(d, { Scalar: (_key, scalar) => { scalars.push(scalar); } });
    return scalars;
  });
  if (now.length !== then.length) return { kind: 'scalar', offset: 0, message: 'the text is read as other values by YAML 1.1 and by YAML 1.2' };
  for (let i = 0; i < now.length; i++) {
    const [a, b] = [now[i].value, then[i].value];
    // A short form resolves to a new object in each reading: alike when their JSON is.
    const alike = a !== null && typeof a === 'object' ? JSON.stringify(a) === JSON.stringify(b) : Object.is(a, b);
    if (b instanceof Date || alike || /^[yYnN]$/.test(String(a))) continue;
    const source = text.slice(now[i].range?.[0] ?? 0, now[i].range?.[1] ?? 0);
    return { kind: 'scalar', offset: now[i].range?.[0] ?? 0, message: `the YAML value ${source} is read as ${JSON.stringify(b)} by YAML 1.1 and as ${JSON.stringify(a)} by YAML 1.2` };
  }
  return undefined;
}

/**
 * A YAML text's value, short forms read as their long forms; `lines` records line starts for
 * positions. `ambiguous` is set when YAML 1.1 reads a scalar of it otherwise: a template with
 * one has no single reading (see {@link versionsDiffer}); a grants file is this project's own,
 * read as YAML 1.2.
 */
export function parseTemplateYaml(text: string, lines: LineCounter = new LineCounter()): { value?: unknown; problem?: YamlProblem; ambiguous?: YamlProblem } {
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, customTags: SHORT_FORM_TAGS });
  const error = doc.errors[0];
  if (error) return { problem: { kind: 'syntax', offset: error.pos[0], message: error.message.split('\n')[0] } };
  const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tag) return { problem: { kind: 'tag', offset: tag.pos[0], message: text.slice(tag.pos[0], tag.pos[1]) } };
  const merge = mergeKeyOffset(doc);
  if (merge !== undefined) return { problem: { kind: 'merge', offset: merge, message: '<<' } };
  const ambiguous = versionsDiffer(text, doc);
  return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), ...(ambiguous ? { ambiguous } : {}) };
}

/**
 * A nested stack's `TemplateBody` as a template object: an object as it is, a text read as JSON
 * or else YAML; undefined when it is neither (the reader then reads the stack as unread).
 */
export function templateBodyOf(body: unknown): object | undefined {
  if (typeof body === 'string') {
    const text = body;
    try {
      body = JSON.parse(text);
    } catch {
      try {
        const parsed = parseTemplateYaml(text);
        body = parsed.ambiguous ? undefined : parsed.value;
      } catch {
        // More aliases than MAX_ALIAS_COUNT, or a value the parser cannot build.
        body = undefined;
      }
    }
  }
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? body : undefined;
}

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
 * would hide what it stands for), or a merge key (see {@link mergeKeyOffset}).
 */
export interface YamlProblem {
  readonly kind: 'syntax' | 'tag' | 'merge';
  /** Where, as an offset into the text. */
  readonly offset: number;
  /** The parser's message (first line), or the tag as written. */
  readonly message: string;
}

/** Aliases one document may expand: bounds the work a small text with nested aliases can cause. */
const MAX_ALIAS_COUNT = 1000;

/**
 * Where the first merge key (a plain `<<` key, `<<: *anchor`) stands, if there is one. YAML 1.2
 * reads it as an ordinary key (but merges one tagged `!!merge`); YAML 1.1 readers (PyYAML, SnakeYAML) merge the keys of the map it
 * names into the map that holds it. ROS does not document which it does, and a role or policy
 * merged in that way would be missed, so a text with one is not read.
 */
const MERGE_TAG = 'tag:yaml.org,2002:merge';

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

/** A YAML template's value, short forms read as their long forms; `lines` records line starts for positions. */
export function parseTemplateYaml(text: string, lines: LineCounter = new LineCounter()): { value?: unknown; problem?: YamlProblem } {
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, customTags: SHORT_FORM_TAGS });
  const error = doc.errors[0];
  if (error) return { problem: { kind: 'syntax', offset: error.pos[0], message: error.message.split('\n')[0] } };
  const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tag) return { problem: { kind: 'tag', offset: tag.pos[0], message: text.slice(tag.pos[0], tag.pos[1]) } };
  const merge = mergeKeyOffset(doc);
  if (merge !== undefined) return { problem: { kind: 'merge', offset: merge, message: '<<' } };
  return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
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
        body = parseTemplateYaml(text).value;
      } catch {
        // More aliases than MAX_ALIAS_COUNT, or a value the parser cannot build.
        body = undefined;
      }
    }
  }
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? body : undefined;
}

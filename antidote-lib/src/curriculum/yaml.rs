//! YAML text to a JSON value, keeping the source position of every node.
//!
//! Curriculum files are YAML, but everything downstream (JSON Schema, serde, the store) speaks
//! JSON. This module is the one place that parses YAML: it turns one document into a
//! [`serde_json::Value`] plus a [`PosTree`] of the same shape that remembers where each key and
//! value started, so that any finding can point at `file:line:column`.
//!
//! Scalars resolve with the YAML 1.2 core schema (quoted scalars are always strings). Duplicate
//! keys are reported (the last one wins), mapping keys must be scalars, a file holds at most one
//! document, and alias expansion is bounded so that a hostile file cannot exhaust memory.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr::Scalar;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Number, Value};

/// Most nodes (after alias expansion) one document may have.
const MAX_NODES: usize = 1_000_000;
/// Deepest nesting of sequences and mappings one document may have.
const MAX_DEPTH: usize = 128;

/// A position in a source file, both 1-based; columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
}

impl Pos {
    /// The start of a file.
    pub const START: Pos = Pos { line: 1, column: 1 };

    fn from_span(span: &Span) -> Pos {
        Pos {
            line: u32::try_from(span.start.line()).unwrap_or(u32::MAX).max(1),
            column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        }
    }
}

/// One step of a path into a document: a mapping key or a sequence index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index, from 0.
    Index(usize),
}

impl<'a> From<&'a str> for Seg<'a> {
    fn from(key: &'a str) -> Self {
        Seg::Key(key)
    }
}

impl From<usize> for Seg<'_> {
    fn from(index: usize) -> Self {
        Seg::Index(index)
    }
}

/// The positions of a document's nodes, shaped like its value.
#[derive(Debug, Clone)]
pub enum PosTree {
    /// A scalar (or an empty node).
    Scalar(Pos),
    /// A sequence and its items.
    Seq(Pos, Vec<PosTree>),
    /// A mapping and its entries, in source order.
    Map(Pos, Vec<MapEntry>),
}

/// One entry of a mapping in a [`PosTree`].
#[derive(Debug, Clone)]
pub struct MapEntry {
    /// The key as written.
    pub key: String,
    /// Where the key starts.
    pub key_pos: Pos,
    /// The value's positions.
    pub value: PosTree,
}

impl PosTree {
    /// Where this node starts.
    pub fn pos(&self) -> Pos {
        match self {
            PosTree::Scalar(p) | PosTree::Seq(p, _) | PosTree::Map(p, _) => *p,
        }
    }

    fn child(&self, seg: Seg<'_>) -> Option<(&PosTree, Pos)> {
        match (self, seg) {
            (PosTree::Seq(_, items), Seg::Index(i)) => items.get(i).map(|t| (t, t.pos())),
            (PosTree::Map(_, entries), Seg::Key(k)) => entries
                .iter()
                .rev()
                .find(|e| e.key == k)
                .map(|e| (&e.value, e.key_pos)),
            _ => None,
        }
    }

    /// Where the value at `path` starts, or the nearest ancestor that exists.
    pub fn value_pos(&self, path: &[Seg<'_>]) -> Pos {
        let mut node = self;
        for seg in path {
            match node.child(*seg) {
                Some((child, _)) => node = child,
                None => break,
            }
        }
        node.pos()
    }

    /// Where the key of the entry at `path` starts (for a sequence item, the item itself), or
    /// the nearest ancestor that exists.
    pub fn key_pos(&self, path: &[Seg<'_>]) -> Pos {
        let mut node = self;
        let mut pos = self.pos();
        for seg in path {
            match node.child(*seg) {
                Some((child, p)) => {
                    node = child;
                    pos = p;
                }
                None => return node.pos(),
            }
        }
        pos
    }
}

/// A parsed document.
#[derive(Debug, Clone)]
pub struct YamlDoc {
    /// The document as JSON (`null` for an empty file).
    pub value: Value,
    /// Where each node of `value` came from.
    pub positions: PosTree,
}

/// A problem in a YAML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    /// What kind of problem.
    pub kind: YamlProblemKind,
    /// Where it is.
    pub pos: Pos,
    /// What is wrong, in words.
    pub message: String,
}

/// The kinds of [`YamlProblem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlProblemKind {
    /// The text is not YAML (or holds more than one document, or is too large).
    Syntax,
    /// A mapping repeats a key.
    DuplicateKey,
}

/// The outcome of parsing: a document with non-fatal problems, or the fatal problem.
pub type ParseResult = Result<(YamlDoc, Vec<YamlProblem>), YamlProblem>;

enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        values: Vec<Value>,
        positions: Vec<PosTree>,
    },
    Map {
        pos: Pos,
        anchor: usize,
        map: Map<String, Value>,
        entries: Vec<MapEntry>,
        key: Option<(String, Pos)>,
    },
}

/// Parses one YAML document.
pub fn parse(text: &str) -> ParseResult {
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (Value, PosTree)> = HashMap::new();
    let mut root: Option<(Value, PosTree)> = None;
    let mut problems = Vec::new();
    let mut nodes = 0usize;
    let mut documents = 0usize;

    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| YamlProblem {
            kind: YamlProblemKind::Syntax,
            pos: Pos {
                line: u32::try_from(e.marker().line()).unwrap_or(u32::MAX).max(1),
                column: u32::try_from(e.marker().col() + 1).unwrap_or(u32::MAX),
            },
            message: format!("invalid YAML: {}", e.info()),
        })?;
        let pos = Pos::from_span(&span);
        let (value, tree, anchor) = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlProblem {
                        kind: YamlProblemKind::Syntax,
                        pos,
                        message: "a file holds one document, found a second one".into(),
                    });
                }
                continue;
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlProblem {
                        kind: YamlProblemKind::Syntax,
                        pos,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                stack.push(Frame::Seq {
                    pos,
                    anchor,
                    values: Vec::new(),
                    positions: Vec::new(),
                });
                continue;
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlProblem {
                        kind: YamlProblemKind::Syntax,
                        pos,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                stack.push(Frame::Map {
                    pos,
                    anchor,
                    map: Map::new(),
                    entries: Vec::new(),
                    key: None,
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq {
                    pos,
                    anchor,
                    values,
                    positions,
                }) => (Value::Array(values), PosTree::Seq(pos, positions), anchor),
                Some(Frame::Map {
                    pos,
                    anchor,
                    map,
                    entries,
                    ..
                }) => (Value::Object(map), PosTree::Map(pos, entries), anchor),
                None => continue,
            },
            Event::Scalar(text, style, anchor, tag) => {
                if let Some(Frame::Map {
                    key: key @ None, ..
                }) = stack.last_mut()
                {
                    *key = Some((text.into_owned(), pos));
                    if anchor != 0 {
                        anchors.insert(anchor, (Value::Null, PosTree::Scalar(pos)));
                    }
                    continue;
                }
                (
                    scalar(text, style, tag.as_ref()),
                    PosTree::Scalar(pos),
                    anchor,
                )
            }
            Event::Alias(id) => {
                let (value, tree) = anchors
                    .get(&id)
                    .cloned()
                    .unwrap_or((Value::Null, PosTree::Scalar(pos)));
                nodes += count(&value);
                if let Some(Frame::Map {
                    key: key @ None, ..
                }) = stack.last_mut()
                {
                    *key = Some((key_text(&value), pos));
                    continue;
                }
                (value, tree, 0)
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {
                continue;
            }
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(YamlProblem {
                kind: YamlProblemKind::Syntax,
                pos,
                message: format!(
                    "document has more than {MAX_NODES} nodes (after expanding aliases)"
                ),
            });
        }
        if anchor != 0 {
            anchors.insert(anchor, (value.clone(), tree.clone()));
        }
        match stack.last_mut() {
            None => root = Some((value, tree)),
            Some(Frame::Seq {
                values, positions, ..
            }) => {
                values.push(value);
                positions.push(tree);
            }
            Some(Frame::Map {
                map, entries, key, ..
            }) => match key.take() {
                Some((k, key_pos)) => {
                    if let Some(first) = entries.iter().find(|e| e.key == k) {
                        problems.push(YamlProblem {
                            kind: YamlProblemKind::DuplicateKey,
                            pos: key_pos,
                            message: format!(
                                "duplicate key `{k}` (first defined at line {}); the last one wins",
                                first.key_pos.line
                            ),
                        });
                        entries.retain(|e| e.key != k);
                    }
                    map.insert(k.clone(), value);
                    entries.push(MapEntry {
                        key: k,
                        key_pos,
                        value: tree,
                    });
                }
                None => {
                    // A sequence or mapping used as a key.
                    return Err(YamlProblem {
                        kind: YamlProblemKind::Syntax,
                        pos: tree.pos(),
                        message: "mapping keys must be plain strings, not sequences or mappings"
                            .into(),
                    });
                }
            },
        }
    }

    let (value, positions) = root.unwrap_or((Value::Null, PosTree::Scalar(Pos::START)));
    Ok((YamlDoc { value, positions }, problems))
}

fn scalar(
    text: Cow<'_, str>,
    style: ScalarStyle,
    tag: Option<&Cow<'_, saphyr_parser::Tag>>,
) -> Value {
    let plain_text = (style == ScalarStyle::Plain).then(|| text.to_string());
    match Scalar::parse_from_cow_and_metadata(text, style, tag) {
        Some(Scalar::Null) => Value::Null,
        Some(Scalar::Boolean(b)) => Value::Bool(b),
        Some(Scalar::Integer(i)) => Value::Number(i.into()),
        Some(Scalar::FloatingPoint(f)) => match Number::from_f64(f.into_inner()) {
            Some(n) => Value::Number(n),
            None => Value::String(plain_text.unwrap_or_default()),
        },
        Some(Scalar::String(s)) => Value::String(s.into_owned()),
        None => Value::String(plain_text.unwrap_or_default()),
    }
}

fn key_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn count(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(count).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(count).sum::<usize>(),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let (doc, problems) = parse("---\nname: x\nlist:\n  - a: 1\n    b: [2, 3]\n").unwrap();
        assert!(problems.is_empty());
        assert_eq!(doc.value["list"][0]["b"][1], 3);
        let t = &doc.positions;
        assert_eq!(t.key_pos(&["name".into()]), Pos { line: 2, column: 1 });
        assert_eq!(t.value_pos(&["name".into()]), Pos { line: 2, column: 7 });
        let b1 = ["list".into(), 0.into(), "b".into(), 1.into()];
        assert_eq!(
            t.value_pos(&b1),
            Pos {
                line: 5,
                column: 12
            }
        );
        // A missing leaf resolves to its nearest ancestor.
        assert_eq!(
            t.value_pos(&["list".into(), 0.into(), "zzz".into()]),
            Pos { line: 4, column: 5 }
        );
    }

    #[test]
    fn resolves_core_schema_scalars() {
        let (doc, _) = parse("a: 1\nb: '1'\nc: true\nd: ~\ne: 1.5\nf: yes\ng:\n").unwrap();
        let v = &doc.value;
        assert_eq!(v["a"], 1);
        assert_eq!(v["b"], "1");
        assert_eq!(v["c"], true);
        assert!(v["d"].is_null());
        assert_eq!(v["e"], 1.5);
        assert_eq!(v["f"], "yes");
        assert!(v["g"].is_null());
    }

    #[test]
    fn reports_duplicate_keys_and_syntax_errors() {
        let (_, problems) = parse("a: 1\nb: 2\na: 3\n").unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].pos, Pos { line: 3, column: 1 });
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert_eq!(err.kind, YamlProblemKind::Syntax);
        assert!(err.pos.line >= 2, "{err:?}");
        let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(err.message.contains("second"), "{err:?}");
    }

    #[test]
    fn bounds_nesting() {
        let deep = format!("tags:\n{}x\n", "- ".repeat(10_000));
        let err = parse(&deep).unwrap_err();
        assert!(err.message.contains("nesting deeper than 128"), "{err:?}");
        assert!(parse(&format!("a: {}1{}\n", "[".repeat(100), "]".repeat(100))).is_ok());
    }

    #[test]
    fn expands_aliases_within_bounds() {
        let (doc, _) = parse("base: &b {x: 1}\nother: *b\n").unwrap();
        assert_eq!(doc.value["other"]["x"], 1);
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            bomb.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(&bomb).unwrap_err();
        assert!(err.message.contains("nodes"), "{err:?}");
    }
}

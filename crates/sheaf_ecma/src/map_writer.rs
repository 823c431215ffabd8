//! The text writer SWC's printer writes a module through: the text, 2-space
//! indented (or on one line when minified), and, when asked, a mapping from
//! each output line and column back to the source position it came from.
//!
//! Example: printing `let a = 1` records `(pos of let, 0:0)`, `(pos of a, 0:4)`,
//! … one `(BytePos, LineCol)` per token edge, never the same pair twice.
//!
//! Why not SWC's `JsWriter`: it gives the same text and the same mappings, but
//! keeps every mapping it recorded in a hash set to drop repeats, which was a
//! fifth of printing a module with positions (React DOM under `--minify
//! --sourcemap`, three.js's modules). The output position only moves forward,
//! so a repeat can only be among the mappings recorded at the current output
//! position: those are the tail of the list, and this writer looks there.

use std::io::Result;

use swc_core::{
    common::{BytePos, LineCol, Span},
    ecma::codegen::text_writer::WriteJs,
};

use crate::line_index::line_starts;

pub(crate) struct MapWriter<'a> {
    out: &'a mut Vec<u8>,
    indent: usize,
    line_start: bool,
    /// Output line and column (in UTF-16 units), kept only with `mappings`.
    line: usize,
    col: usize,
    mappings: Option<&'a mut Vec<(BytePos, LineCol)>>,
    /// How many mappings the list held before this print (SWC's writer
    /// never compares with those).
    first: usize,
    /// A position given at the start of a line, recorded after the indent.
    pending: Option<BytePos>,
}

const INDENT: &str = "  ";

/// What a write's text may hold, as far as moving the output position goes.
#[derive(Clone, Copy)]
enum Text {
    /// ASCII without line breaks: SWC's keywords, punctuators and operators.
    Ascii,
    /// No line breaks: names.
    OneLine,
    /// Anything: literals, comments, glue.
    Any,
}

impl<'a> MapWriter<'a> {
    pub(crate) fn new(
        out: &'a mut Vec<u8>,
        mappings: Option<&'a mut Vec<(BytePos, LineCol)>>,
    ) -> Self {
        let first = mappings.as_ref().map_or(0, |m| m.len());
        MapWriter {
            out,
            indent: 0,
            line_start: true,
            line: 0,
            col: 0,
            mappings,
            first,
            pending: None,
        }
    }

    fn write(&mut self, span: Option<Span>, data: &str) {
        self.write_as(span, data, Text::Any);
    }

    /// Writes `data`, which holds what `text` says (the position moves over
    /// a keyword or a name without looking for line breaks: 1.5% of three.js
    /// x10's `--minify --sourcemap` was that look).
    #[inline]
    fn write_as(&mut self, span: Option<Span>, data: &str, text: Text) {
        if data.is_empty() {
            return;
        }
        if self.line_start {
            for _ in 0..self.indent {
                self.out.extend_from_slice(INDENT.as_bytes());
            }
            if self.mappings.is_some() {
                self.col += INDENT.len() * self.indent;
            }
            self.line_start = false;
            if let Some(pending) = self.pending.take() {
                self.map(pending);
            }
        }
        if let Some(span) = span {
            self.map(span.lo);
        }
        self.out.extend_from_slice(data.as_bytes());
        match text {
            _ if self.mappings.is_none() => {}
            Text::Ascii => self.col += data.len(),
            Text::OneLine => self.col += utf16_len(data),
            Text::Any => self.advance(data),
        }
        if let Some(span) = span {
            self.map(span.hi);
        }
    }

    /// A literal's start is mapped before the indent of a fresh line is
    /// written (as SWC's writer does).
    fn write_literal(&mut self, span: Span, s: &str) {
        if !s.is_empty() {
            self.map(span.lo);
            self.write(None, s);
            self.map(span.hi);
        }
    }

    /// Moves the output position over `s`: `\n`, `\r` and `\r\n` end a line
    /// (`line_index::line_starts`).
    fn advance(&mut self, s: &str) {
        if self.mappings.is_none() {
            return;
        }
        // Most writes are one short token: a plain look at its bytes spares
        // the line search's set-up (100 instructions a call, 2 million calls
        // on three.js x10 with --minify --sourcemap).
        if s.len() <= 16 && s.bytes().all(|b| b.is_ascii() && b != b'\n' && b != b'\r') {
            self.col += s.len();
            return;
        }
        let (breaks, last) = line_starts(s.as_bytes()).fold((0, 0), |(n, _), at| (n + 1, at));
        match breaks {
            0 => self.col += utf16_len(s),
            _ => {
                self.line += breaks;
                self.col = utf16_len(&s[last..]);
            }
        }
    }

    /// Records that the output position comes from `pos`, unless that pair is
    /// recorded already (only possible at this same output position).
    fn map(&mut self, pos: BytePos) {
        if pos.is_dummy() && pos != BytePos(u32::MAX) {
            return;
        }
        let Some(mappings) = self.mappings.as_deref_mut() else {
            return;
        };
        let here = LineCol {
            line: self.line as u32,
            col: self.col as u32,
        };
        let at_here = mappings[self.first..].iter().rev();
        let mut at_here = at_here.take_while(|(_, at)| *at == here);
        if !at_here.any(|(p, _)| *p == pos) {
            mappings.push((pos, here));
        }
    }
}

fn utf16_len(s: &str) -> usize {
    match s.is_ascii() {
        true => s.len(),
        false => s.encode_utf16().count(),
    }
}

impl WriteJs for MapWriter<'_> {
    fn increase_indent(&mut self) -> Result<()> {
        self.indent += 1;
        Ok(())
    }

    fn decrease_indent(&mut self) -> Result<()> {
        self.indent -= 1;
        Ok(())
    }

    fn write_semi(&mut self, span: Option<Span>) -> Result<()> {
        self.write_as(span, ";", Text::Ascii);
        Ok(())
    }

    fn write_space(&mut self) -> Result<()> {
        self.write_as(None, " ", Text::Ascii);
        Ok(())
    }

    fn write_keyword(&mut self, span: Option<Span>, s: &'static str) -> Result<()> {
        self.write_as(span, s, Text::Ascii);
        Ok(())
    }

    fn write_operator(&mut self, span: Option<Span>, s: &str) -> Result<()> {
        self.write_as(span, s, Text::Ascii);
        Ok(())
    }

    fn write_param(&mut self, s: &str) -> Result<()> {
        self.write(None, s);
        Ok(())
    }

    fn write_property(&mut self, s: &str) -> Result<()> {
        self.write(None, s);
        Ok(())
    }

    fn write_line(&mut self) -> Result<()> {
        let pending = self.pending.take();
        if !self.line_start {
            self.out.push(b'\n');
            self.line += 1;
            self.col = 0;
            self.line_start = true;
            if let Some(pending) = pending {
                self.map(pending);
            }
        }
        Ok(())
    }

    fn write_lit(&mut self, span: Span, s: &str) -> Result<()> {
        self.write_literal(span, s);
        Ok(())
    }

    fn write_comment(&mut self, s: &str) -> Result<()> {
        self.write(None, s);
        Ok(())
    }

    fn write_str_lit(&mut self, span: Span, s: &str) -> Result<()> {
        self.write_literal(span, s);
        Ok(())
    }

    fn write_str(&mut self, s: &str) -> Result<()> {
        self.write(None, s);
        Ok(())
    }

    fn write_symbol(&mut self, span: Span, s: &str) -> Result<()> {
        self.write_as(Some(span), s, Text::OneLine);
        Ok(())
    }

    fn write_punct(&mut self, span: Option<Span>, s: &'static str, _commit: bool) -> Result<()> {
        self.write_as(span, s, Text::Ascii);
        Ok(())
    }

    fn care_about_srcmap(&self) -> bool {
        self.mappings.is_some()
    }

    fn add_srcmap(&mut self, pos: BytePos) -> Result<()> {
        if self.mappings.is_some() {
            match self.line_start {
                true => self.pending = Some(pos),
                false => self.map(pos),
            }
        }
        Ok(())
    }

    fn commit_pending_semi(&mut self) -> Result<()> {
        Ok(())
    }

    /// Whether names need no search for `\\\0`, the mark SWC's printer
    /// rewrites in a name: none SWC's parser makes holds it (it would be a
    /// lone surrogate's escape, which no identifier may have), nor do the
    /// names sheaf gives. Searching every name was 2.5% of the instructions
    /// of a build of the small React app.
    fn can_ignore_invalid_unicodes(&mut self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use swc_core::{
        common::{comments::SingleThreadedComments, sync::Lrc, FileName, SourceMap, GLOBALS},
        ecma::{
            ast::EsVersion,
            codegen::{text_writer::JsWriter, Config, Emitter},
            parser::{parse_file_as_module, Syntax, TsSyntax},
        },
    };

    use super::*;

    type Printed = (String, Vec<(BytePos, LineCol)>);

    /// `code` printed through SWC's `JsWriter` and through `MapWriter`.
    fn both(code: &str, minify: bool) -> (Printed, Printed) {
        GLOBALS.set(&Default::default(), || {
            let cm: Lrc<SourceMap> = Default::default();
            let file = cm.new_source_file(FileName::Anon.into(), code.to_string());
            let syntax = Syntax::Typescript(TsSyntax {
                tsx: true,
                ..Default::default()
            });
            // Printing takes the comments, so each writer gets a fresh parse.
            let print = |wr: &mut dyn WriteJs| {
                let comments = SingleThreadedComments::default();
                let module = parse_file_as_module(
                    &file,
                    syntax,
                    EsVersion::EsNext,
                    Some(&comments),
                    &mut vec![],
                )
                .unwrap();
                let mut emitter = Emitter {
                    cfg: Config::default().with_minify(minify),
                    cm: cm.clone(),
                    comments: Some(&comments),
                    wr,
                };
                emitter.emit_module(&module).unwrap();
            };
            let (mut theirs, mut their_map) = (Vec::new(), Vec::new());
            let mut js_writer = JsWriter::new(cm.clone(), "\n", &mut theirs, Some(&mut their_map));
            js_writer.set_indent_str("  ");
            print(&mut js_writer);
            let (mut ours, mut our_map) = (Vec::new(), Vec::new());
            print(&mut MapWriter::new(&mut ours, Some(&mut our_map)));
            let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
            ((text(theirs), their_map), (text(ours), our_map))
        })
    }

    const SOURCES: &[&str] = &[
        "let a = 1;\nfunction f(x: number) {\n  if (x) { return [x, `t\n${x}\r\nu`]; }\n  /* c */ return 'é\u{1F600}' + x;\n}\nexport default f;",
        "class Ä { #p = 1; static { this.q = \"\\u2028\"; } m() { return <div a=\"ü\">{this.#p}</div>; } }\r\nexport { Ä };",
        "/** doc */\nconst o = { 'k': 1, [`a\rb`]: 2, get g() { return 3 } };\nlabel: for (const k in o) { if (k) continue label; else break; }\n// end\n",
        "",
    ];

    #[test]
    fn prints_and_maps_as_swcs_writer_does() {
        for code in SOURCES {
            for minify in [false, true] {
                let (theirs, ours) = both(code, minify);
                assert_eq!(theirs.0, ours.0, "text of {code:?}");
                assert_eq!(theirs.1, ours.1, "mappings of {code:?}");
                assert!(code.is_empty() || !ours.1.is_empty());
            }
        }
    }

    #[test]
    fn a_repeat_at_the_same_place_is_recorded_once() {
        let (mut out, mut map) = (Vec::new(), Vec::new());
        let mut writer = MapWriter::new(&mut out, Some(&mut map));
        let span = Span::new(BytePos(1), BytePos(2));
        writer.write_symbol(span, "a").unwrap();
        writer.add_srcmap(BytePos(2)).unwrap();
        writer.add_srcmap(BytePos(7)).unwrap();
        writer.add_srcmap(BytePos(2)).unwrap();
        writer.write_str("\r\n").unwrap();
        writer.add_srcmap(BytePos(7)).unwrap();
        let at = |line, col| LineCol { line, col };
        let expected = [
            (BytePos(1), at(0, 0)),
            (BytePos(2), at(0, 1)),
            (BytePos(7), at(0, 1)),
            (BytePos(7), at(1, 0)),
        ];
        assert_eq!(map, expected);
    }
}

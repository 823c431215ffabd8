//! The text of one output file as it is joined: its code, the line each
//! module's code starts on (to shift that module's mappings), and the glue
//! lines that carry mappings of their own.
//!
//! Example: after `// src/a.js\n` and three lines of `a`'s code, `line` is 4
//! and `parts` holds `(1, a's mappings)`.
//!
//! Why sections: a module's share of a chunk (its path comment, wrapper and
//! prelude lines around its code) is written into a writer of its own, on any
//! worker, and [`ChunkWriter::append`]ed in order; on the 10k app joining the
//! chunk on one core was 25–35 ms, nearly all of it per-module glue. A
//! section holds only its glue: the module's code is borrowed and copied once,
//! into the chunk (copying it into the section too cost as much as it saved).

use sheaf_ecma::Mappings;

pub(super) struct ChunkWriter<'a> {
    pub code: String,
    /// Lines in `code` so far (its newlines).
    pub line: u32,
    pub parts: Vec<(u32, &'a Mappings)>,
    /// Mappings of glue lines the generator writes itself (a lazy module's
    /// hoisted `var` line), by line.
    pub glue: Vec<(u32, Mappings)>,
    /// Where `--legal-comments eof`'s comments start in `code` (its end
    /// without them): they stay as written when the code's names change.
    pub legal_tail: usize,
}

/// One module's share of a chunk: its glue, written into `text`, and its code,
/// borrowed until [`ChunkWriter::append`] copies each piece to its position.
pub(super) struct Section<'a> {
    pub text: ChunkWriter<'a>,
    /// Where in `text.code` each piece of borrowed code goes.
    spliced: Vec<(usize, &'a str)>,
}

impl<'a> ChunkWriter<'a> {
    /// An empty writer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize, modules: usize) -> Self {
        ChunkWriter {
            code: String::with_capacity(capacity),
            line: 0,
            parts: Vec::with_capacity(modules),
            glue: Vec::new(),
            legal_tail: 0,
        }
    }

    pub fn push(&mut self, text: &str) {
        self.line += newlines(text);
        self.code.push_str(text);
    }

    pub fn line(&mut self, text: &str) {
        self.push(text);
        self.push("\n");
    }

    /// A glue line with source positions: `(column, position)` pairs.
    pub fn mapped_line(&mut self, text: &str, marks: Vec<(u32, u32)>) {
        if !marks.is_empty() {
            self.glue.push((self.line, Mappings::on_one_line(marks)));
        }
        self.line(text);
    }

    /// Appends sections written on their own: their texts, and their
    /// mappings shifted by the lines before each. Their newlines are not
    /// counted again. The texts are copied in parallel
    /// ([`sheaf_ecma::concat`]).
    pub fn append(&mut self, mut sections: Vec<Section<'a>>) {
        for section in &mut sections {
            let at = self.line;
            let text = &mut section.text;
            self.line += text.line;
            (self.parts).extend(text.parts.drain(..).map(|(l, m)| (l + at, m)));
            (self.glue).extend(text.glue.drain(..).map(|(l, m)| (l + at, m)));
        }
        let mut pieces: Vec<&str> = Vec::with_capacity(sections.len() * 3);
        for Section { text, spliced } in &sections {
            let mut from = 0;
            for &(to, code) in spliced {
                pieces.push(&text.code[from..to]);
                pieces.push(code);
                from = to;
            }
            pieces.push(&text.code[from..]);
        }
        sheaf_ecma::concat::append_strs(&mut self.code, &pieces);
    }
}

impl<'a> Section<'a> {
    /// An empty section with room for `glue` bytes of glue.
    pub fn with_capacity(glue: usize) -> Self {
        Section {
            text: ChunkWriter::with_capacity(glue, 2),
            spliced: Vec::new(),
        }
    }

    /// Prelude lines (`init_x();`): glue with no source of their own.
    pub fn prelude(&mut self, lines: &[String]) {
        for l in lines {
            self.text.line(l);
        }
    }

    /// A module inside a function: `head` lines, its prelude, the code, `});`.
    pub fn wrapped(
        &mut self,
        head: &[String],
        prelude: &[String],
        r: &'a sheaf_ecma::RenderedModule,
    ) {
        for line in head {
            self.text.line(line);
        }
        self.prelude(prelude);
        self.module(&r.code, &r.mappings);
        self.text.line("});");
    }

    /// The module's code (borrowed), on lines of its own.
    pub fn module(&mut self, code: &'a str, mappings: &'a Mappings) {
        let text = &mut self.text;
        text.parts.push((text.line, mappings));
        self.spliced.push((text.code.len(), code));
        text.line += newlines(code);
        if !code.ends_with('\n') {
            text.push("\n");
        }
    }
}

/// Lines ended in `text`: a SIMD byte count for code (`matches('\n')` stops
/// at every line, which on React DOM's 30,000 was most of joining the small
/// app), a plain loop for a glue line (shorter than the SIMD count's set-up).
pub(crate) fn newlines(text: &str) -> u32 {
    let bytes = text.as_bytes();
    match bytes.len() < 64 {
        true => bytes.iter().filter(|&&b| b == b'\n').count() as u32,
        false => bytecount::count(bytes, b'\n') as u32,
    }
}

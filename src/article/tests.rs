use super::*;

fn body(html: &str, width: usize) -> String {
    let doc = dom::parse(html, Some("https://site.example/posts/one.html"));
    plain_text(&lines::blocks(&doc.blocks, width, false))
}

fn links(html: &str) -> Vec<String> {
    dom::parse(html, Some("https://site.example/posts/one.html")).links.into_iter().map(|l| l.url).collect()
}

#[test]
fn paragraphs_entities_and_breaks() {
    let out = body("<p>One &amp; two&nbsp;&rsquo;&#233;&#x263A;</p>\n\n<p>line<br>next   line</p>", 40);
    assert_eq!(out, "One & two\u{a0}’é☺\n\nline\nnext line\n");
}

#[test]
fn headings_show_their_level() {
    assert_eq!(body("<h2>Title</h2><p>text</p>", 40), "## Title\n\ntext\n");
}

#[test]
fn links_are_numbered_and_resolved() {
    let html = r##"<p>See <a href="/a">this</a>, <a href="b.html">that</a>, <a href="#n">a note</a> and
        <a href="/a">this again</a>. <img src="i.png" alt="A cat"> <a href="javascript:x()">bad</a></p>"##;
    assert_eq!(body(html, 200), "See this[1], that[2], a note and this again[1]. [image: A cat][3] bad[4]\n");
    assert_eq!(
        links(html),
        [
            "https://site.example/a",
            "https://site.example/posts/b.html",
            "https://site.example/posts/i.png",
            "javascript:x()"
        ]
    );
}

#[test]
fn base_element_and_media_become_links() {
    let html = r#"<base href="https://cdn.example/x/"><iframe src="https://www.youtube.com/embed/1"></iframe>
        <video><source src="v.mp4"></video><audio src="a.mp3" title="Episode"></audio>"#;
    assert_eq!(body(html, 200), "[embedded: www.youtube.com][1] [video: cdn.example][2][audio: Episode][3]\n");
    assert_eq!(links(html)[1], "https://cdn.example/x/v.mp4");
}

#[test]
fn nested_lists_number_correctly() {
    let html = "<ol start=9><li>nine<ul><li>dot</li><li>dot<ul><li>deep</li></ul></li></ul></li><li>ten</li></ol>\
                <ol reversed><li>b</li><li>a</li></ol>";
    assert_eq!(body(html, 40), " 9. nine\n    • dot\n    • dot\n      ◦ deep\n10. ten\n\n2. b\n1. a\n");
}

#[test]
fn list_items_wrap_under_their_text() {
    assert_eq!(body("<ul><li>alpha beta gamma delta</li></ul>", 14), "• alpha beta\n  gamma delta\n");
}

#[test]
fn quotes_have_a_gutter_and_rules_a_line() {
    assert_eq!(body("<blockquote><p>a</p><p>b</p></blockquote><hr>", 5), "│ a\n│\n│ b\n\n─────\n");
}

#[test]
fn pre_is_kept_and_clipped() {
    let out = body("<pre>fn main() {\n    let x = \"a long line here\";\n}</pre>", 20);
    assert_eq!(out, "fn main() {\n    let x = \"a long…\n}\n");
}

#[test]
fn inline_styles_and_scripts() {
    assert_eq!(
        body("<p>E=mc<sup>2</sup>, H<sub>2</sub>O, 1<sup>st</sup> <q>hi</q></p>", 80),
        "E=mc², H₂O, 1^(st) “hi”\n"
    );
    let doc = dom::parse("<p><strong>b</strong><em>i</em><code>c</code><del>d</del></p>", None);
    let Block::Para(runs) = &doc.blocks[0] else { panic!("{doc:?}") };
    assert!(runs[0].style.add_modifier.contains(Modifier::BOLD));
    assert!(runs[1].style.add_modifier.contains(Modifier::ITALIC));
    assert_eq!(runs[2].style, styles::code());
    assert!(runs[3].style.add_modifier.contains(Modifier::CROSSED_OUT));
}

#[test]
fn definition_lists_and_figures() {
    let html = "<dl><dt>Term</dt><dd>Meaning of it</dd></dl><figure><img src=p.jpg alt=Photo>\
                <figcaption>A caption</figcaption></figure>";
    assert_eq!(body(html, 40), "Term\n    Meaning of it\n\n[image: Photo][1]\n\nA caption\n");
}

#[test]
fn tables_align_wrap_or_degrade() {
    let html = "<table><tr><th>Name</th><th>Qty</th></tr><tr><td>apple</td><td>3</td></tr>\
                <tr><td>kiwi fruit</td><td>12</td></tr></table>";
    assert_eq!(body(html, 40), "Name       │ Qty\n───────────┼────\napple      │   3\nkiwi fruit │  12\n");
    assert_eq!(body(html, 13), "Name    │ Qty\n────────┼────\napple   │   3\nkiwi    │  12\nfruit   │\n");
    let wide = "<table><thead><tr><th>Language</th><th>Year</th><th>Creator</th></tr></thead>\
                <tr><td>Rust</td><td>2010</td><td>Graydon Hoare</td></tr></table>";
    assert_eq!(body(wide, 20), "Language:\u{a0}Rust ·\nYear:\u{a0}2010 ·\nCreator:\u{a0}Graydon\nHoare\n");
}

#[test]
fn scripts_styles_and_deep_nesting_are_harmless() {
    assert_eq!(body("<script>alert(1)</script><style>p{}</style><p>ok</p>", 20), "ok\n");
    let deep = format!("{}deep{}", "<div><blockquote>".repeat(1000), "</blockquote></div>".repeat(1000));
    assert!(body(&deep, 40).contains("deep"));
}

#[test]
fn escape_sequences_never_survive() {
    let out = body("<p>a\u{1b}[31mred\u{1b}]0;title\u{7} \u{202e}x</p><img alt='\u{1b}[2J'>", 40);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    assert!(!out.contains('\u{202e}'));
}

#[test]
fn plain_text_bodies_keep_paragraphs() {
    let article = Article { content: Some("one\n\ntwo & 3 < 4".into()), ..Article::default() };
    let out = plain_text(&render(&article, Source::Feed, 40, 0).lines);
    assert!(out.contains("\none\n\ntwo & 3 < 4\n"), "{out}");
}

#[test]
fn sizes_read_well() {
    assert_eq!(human_size(900), "900 bytes");
    assert_eq!(human_size(24_300_000), "24.3 MB");
}

#[test]
fn dates_use_the_offset() {
    assert_eq!(format_date(1_738_052_040, 0), "Tue 28 Jan 2025 08:14");
    assert_eq!(format_date(1_738_052_040, 3600), "Tue 28 Jan 2025 09:14");
}

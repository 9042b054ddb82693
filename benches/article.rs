//! How long a large article takes to open (parse and lay out) and to re-wrap
//! after a resize. The article is built from the fixtures until it weighs
//! 500 KB: paragraphs, lists, tables, code and links, as real long reads mix them.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tidings::article::{self, Source};
use tidings::model::Article;

const ELEMENTS: &str = include_str!("../tests/fixtures/articles/elements.html");
const SCRIPTS: &str = include_str!("../tests/fixtures/articles/scripts.html");
const PAGE: &str = include_str!("../tests/fixtures/seed-article/article.html");

fn big_article() -> Article {
    let mut content = String::new();
    while content.len() < 500 * 1024 {
        content.push_str(ELEMENTS);
        content.push_str(SCRIPTS);
        content.push_str(PAGE);
    }
    Article {
        id: 1,
        title: "A 500 KB article".into(),
        link: Some("https://bench.example/long-read.html".into()),
        content: Some(content),
        ..Article::default()
    }
}

fn bench(c: &mut Criterion) {
    let article = big_article();
    let size = article.content.as_ref().map_or(0, String::len);
    let mut group = c.benchmark_group(format!("article of {} KB", size / 1024));
    group.sample_size(20);
    group.bench_function("open: parse and lay out at 76 columns", |b| {
        b.iter(|| article::render(black_box(&article), Source::Feed, 76, 0))
    });
    let doc = article::prepare(&article, Source::Feed);
    group.bench_function("resize: lay out again at 120 columns", |b| {
        b.iter(|| article::layout(black_box(&article), &doc, Source::Feed, 120, 0))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

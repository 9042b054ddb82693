//! Lays out articles on a thread of its own, so a 500 KB article never holds
//! up the event loop. Parsed bodies are cached (a resize re-wraps without
//! parsing again); only the latest request is served when several wait.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use tokio::sync::mpsc::UnboundedSender;

use crate::app::{Failure, Msg};
use crate::article::{self, Doc, Source};
use crate::model::{Article, ItemId};

/// Parsed bodies kept: the article on screen and a few just left.
const CACHE: usize = 8;

pub struct Job {
    pub article: Article,
    pub source: Source,
    pub width: u16,
    pub utc_offset: i32,
}

pub struct RenderWorker {
    jobs: Sender<Job>,
}

impl RenderWorker {
    /// Starts the thread; answers arrive on `out` as `Msg::ArticleRendered`.
    pub fn spawn(out: UnboundedSender<Msg>) -> std::io::Result<RenderWorker> {
        let (jobs, rx) = channel();
        std::thread::Builder::new().name("render".into()).spawn(move || run(&rx, &out))?;
        Ok(RenderWorker { jobs })
    }

    pub fn submit(&self, job: Job) {
        // The thread ends only with the program.
        let _ = self.jobs.send(job);
    }
}

/// What identifies a parsed body: the item, the text shown and its base.
type Key = (ItemId, Source, u64);

fn run(jobs: &Receiver<Job>, out: &UnboundedSender<Msg>) {
    let mut cache: Vec<(Key, Arc<Doc>)> = Vec::new();
    while let Ok(first) = jobs.recv() {
        // Older requests are for a width or an article no longer on screen.
        let job = jobs.try_iter().last().unwrap_or(first);
        let msg = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render(&job, &mut cache))) {
            Ok(rendered) => Msg::ArticleRendered(Arc::new(rendered)),
            Err(_) => Msg::Failed(Failure::other("cannot lay out this article (see the log)")),
        };
        if out.send(msg).is_err() {
            return;
        }
    }
}

fn render(job: &Job, cache: &mut Vec<(Key, Arc<Doc>)>) -> article::Rendered {
    let key = key(&job.article, job.source);
    let doc = match cache.iter().position(|(k, _)| *k == key) {
        Some(i) => {
            let entry = cache.remove(i);
            cache.push(entry);
            Arc::clone(&cache[cache.len() - 1].1)
        }
        None => {
            let doc = Arc::new(article::prepare(&job.article, job.source));
            if cache.len() >= CACHE {
                cache.remove(0);
            }
            cache.push((key, Arc::clone(&doc)));
            doc
        }
    };
    article::layout(&job.article, &doc, job.source, usize::from(job.width), job.utc_offset)
}

fn key(article: &Article, source: Source) -> Key {
    let mut hasher = DefaultHasher::new();
    match source {
        Source::Feed => article.content.hash(&mut hasher),
        Source::FullText => article.full_text.hash(&mut hasher),
    }
    article.base.hash(&mut hasher);
    article.link.hash(&mut hasher);
    (article.id, source, hasher.finish())
}

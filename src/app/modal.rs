//! What holds the keyboard above the reader: at most one modal at a time
//! (`App::modal`). The overlays (help, the link list) read keys through the
//! keymap as actions; the others take each key as it is typed.

/// The modal on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    /// `?`: the keys in force, from this row (it scrolls on small terminals).
    Help { scroll: usize },
    /// `L`: the article's links, from this row.
    Links { scroll: usize },
}

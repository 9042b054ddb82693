//! Lists and definition lists: markers and numbering (`start`, `reversed`,
//! `value`), bullets by depth, terms and their descriptions.

use dom_query::NodeRef;
use ratatui::style::Modifier;

use super::doc::{Block, Def, ListItem};
use super::dom::{Walker, is_named};

impl Walker {
    pub(super) fn list(&mut self, node: &NodeRef, ordered: bool, depth: usize) {
        self.flush();
        if !ordered {
            self.lists += 1;
        }
        let items: Vec<NodeRef> = node.children_it(false).collect();
        let count = items.iter().filter(|c| is_named(c, "li")).count() as i64;
        let reversed = ordered && node.has_attr("reversed");
        let mut n = number_attr(node, "start").unwrap_or(if reversed { count } else { 1 });
        let bullet = match self.lists {
            0 | 1 => "•",
            2 => "◦",
            _ => "▪",
        };
        let mut out: Vec<ListItem> = Vec::new();
        for child in &items {
            if is_named(child, "li") {
                n = number_attr(child, "value").unwrap_or(n);
                let marker = if ordered { format!("{n}.") } else { bullet.to_owned() };
                let blocks = self.blocks_of(child, depth + 1);
                out.push(ListItem { marker, blocks });
                n = if reversed { n - 1 } else { n + 1 };
            } else if !(child.is_text() && child.text().trim().is_empty()) {
                // Content outside any `li` (often a nested list): it belongs to the item before.
                let blocks = self.blocks_of_node(child, depth + 1);
                match out.last_mut() {
                    Some(item) => item.blocks.extend(blocks),
                    None if !blocks.is_empty() => out.push(ListItem { marker: String::new(), blocks }),
                    None => {}
                }
            }
        }
        if !ordered {
            self.lists -= 1;
        }
        if !out.is_empty() {
            self.blocks.push(Block::List(out));
        }
    }

    pub(super) fn defs(&mut self, node: &NodeRef, depth: usize) -> Vec<Def> {
        let mut defs = Vec::new();
        for child in node.children_it(false) {
            if is_named(&child, "dt") {
                let runs = self.styled_runs(&child, depth + 1, self.style.add_modifier(Modifier::BOLD));
                defs.push(Def::Term(runs));
            } else if is_named(&child, "dd") {
                defs.push(Def::Desc(self.blocks_of(&child, depth + 1)));
            } else if is_named(&child, "div") {
                // HTML allows a div around each dt/dd group.
                defs.extend(self.defs(&child, depth + 1));
            }
        }
        defs
    }
}

fn number_attr(node: &NodeRef, name: &str) -> Option<i64> {
    node.attr(name)?.trim().parse().ok().filter(|n: &i64| n.abs() < 1_000_000_000)
}

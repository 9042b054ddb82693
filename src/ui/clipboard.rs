//! Copying text: OSC 52 (the terminal puts it on the clipboard, which works
//! over ssh and in tmux with `set-clipboard on`), plus the system clipboard
//! when there is one. Neither may fail the program: no display is normal.

use std::io::Write;

use base64::Engine;

#[derive(Default)]
pub struct Clipboard {
    /// Kept for the life of the program: on X11 the copied text lives as long
    /// as its owner does. None until first used, or when there is no display.
    system: Option<arboard::Clipboard>,
    tried: bool,
}

impl Clipboard {
    /// Copies `text`; says where it went.
    pub fn copy(&mut self, text: &str) -> &'static str {
        let osc = format!("\u{1b}]52;c;{}\u{7}", base64::engine::general_purpose::STANDARD.encode(text));
        let mut out = std::io::stdout();
        let _ = out.write_all(osc.as_bytes()).and_then(|()| out.flush());
        if !self.tried {
            self.tried = true;
            self.system = arboard::Clipboard::new().inspect_err(|e| tracing::info!("no system clipboard: {e}")).ok();
        }
        match self.system.as_mut().map(|c| c.set_text(text)) {
            Some(Ok(())) => "copied",
            Some(Err(e)) => {
                tracing::info!("system clipboard: {e}");
                "copied through the terminal (OSC 52)"
            }
            None => "copied through the terminal (OSC 52)",
        }
    }
}

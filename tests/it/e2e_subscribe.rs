//! `a` in the reader with an account, in a pseudo-terminal against the
//! replay of a real FreshRSS session: after the address the reader asks
//! where the subscription goes, the account's server gets the recorded
//! quickadd, the status line says it is subscribing and then that it did,
//! and the config file is left alone. A Fever account is offered and refused.

use crate::common::pty::Tui;
use crate::common::replay::Replay;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscribes_on_the_accounts_server_through_the_sync_task() {
    let replay = Replay::start("greader.jsonl").await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = dir.path().join("config.toml");
    let text = format!(
        "refresh_on_start = false\n\n\
         [[accounts]]\nname = \"home\"\nkind = \"greader\"\nurl = \"{}\"\nuser = \"{}\"\npassword = \"{}\"\n\n\
         [[accounts]]\nname = \"old\"\nkind = \"fever\"\nurl = \"{}\"\nuser = \"{}\"\npassword = \"x\"\n",
        replay.greader_url(),
        replay.session().user,
        replay.session().api_password,
        replay.fever_url(),
        replay.session().user,
    );
    std::fs::write(&config, &text).unwrap();
    let args = ["--config", config.to_str().unwrap(), "--data-dir", data.to_str().unwrap()];
    let mut tui = Tui::spawn(&args, 100, 30);
    tui.wait_for_text("All");

    // The address the recorded quickadd named (its feeds server's port).
    let delta = "http://127.0.0.1:8781/delta.xml";
    tui.send("a");
    tui.wait_for_text("add feed");
    tui.send(delta);
    tui.send("\r");
    let screen = tui.wait_for_text("this machine (the config file)");
    assert!(screen.contains("home (on its server)") && screen.contains("old (Fever: cannot subscribe)"), "{screen}");
    // The Fever account: refused in one line, the choice still open.
    tui.send("3");
    let screen = tui.wait_for_text("old: Fever has no subscribe call; subscribe on the server itself");
    assert!(screen.contains("this machine (the config file)"), "{screen}");
    tui.send("2");
    let screen = tui.wait_for_text(&format!("subscribed to {delta} on home"));
    assert!(!screen.contains("this machine"), "{screen}");
    // The server's new subscription is a feed of the reader (the recorded
    // session has no items page the pull asks for: they cannot come here).
    tui.wait_for_text("Delta Quick");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let quickadds: Vec<_> = replay.log().into_iter().filter(|s| s.path.ends_with("/subscription/quickadd")).collect();
    assert_eq!(quickadds.len(), 1, "{quickadds:#?}");
    assert_eq!(quickadds[0].param("quickadd"), Some(delta));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text, "the config is not where it went");
}

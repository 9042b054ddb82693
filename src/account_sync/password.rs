//! An account's password from where the config says: a command run without
//! a shell (its first line of output), a file (its first line), or the config
//! itself. Errors say what failed, never what was read.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncReadExt;

use crate::config::PasswordSource;
use crate::model::Secret;

/// How long a password command may take (an agent may be slow to answer).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
/// Most bytes read from a command or a file.
const MAX_BYTES: u64 = 64 * 1024;

/// The password, or one line saying why there is none.
pub(super) async fn resolve(source: &PasswordSource) -> Result<Secret, String> {
    let text = match source {
        PasswordSource::Inline(secret) => return Ok(secret.clone()),
        PasswordSource::File(path) => {
            let bytes = tokio::fs::read(path).await.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))?
        }
        PasswordSource::Command(argv) => run(argv).await?,
    };
    let first = text.lines().next().unwrap_or_default().trim_end_matches('\r');
    if first.is_empty() {
        return Err(match source {
            PasswordSource::File(path) => format!("{} holds no password on its first line", path.display()),
            _ => "password_command printed no password".to_owned(),
        });
    }
    Ok(Secret::new(first))
}

async fn run(argv: &[String]) -> Result<String, String> {
    let Some((program, args)) = argv.split_first() else {
        return Err("password_command is empty".to_owned());
    };
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot run password_command {program}: {e}"))?;
    let mut out = Vec::new();
    let stdout = child.stdout.take();
    let read = async {
        if let Some(stdout) = stdout {
            stdout.take(MAX_BYTES).read_to_end(&mut out).await.map_err(|e| e.to_string())?;
        }
        child.wait().await.map_err(|e| e.to_string())
    };
    let status = tokio::time::timeout(COMMAND_TIMEOUT, read)
        .await
        .map_err(|_| format!("password_command {program} did not finish within {}s", COMMAND_TIMEOUT.as_secs()))?
        .map_err(|e| format!("password_command {program}: {e}"))?;
    if !status.success() {
        return Err(format!("password_command {program} failed ({status})"));
    }
    String::from_utf8(out).map_err(|_| format!("password_command {program} printed no UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(argv: &[&str]) -> PasswordSource {
        PasswordSource::Command(argv.iter().map(|a| a.to_string()).collect())
    }

    #[tokio::test]
    async fn the_first_line_is_the_password() {
        let secret = resolve(&command(&["printf", "s3cret\\nother\\n"])).await.unwrap();
        assert_eq!(secret.expose(), "s3cret");
        let error = resolve(&command(&["sh", "-c", "echo leaked-secret; exit 3"])).await.unwrap_err();
        assert!(error.contains("failed") && !error.contains("leaked-secret"), "{error}");
        let error = resolve(&command(&["/nonexistent/pass"])).await.unwrap_err();
        assert!(error.contains("cannot run"), "{error}");
        assert!(resolve(&command(&["true"])).await.unwrap_err().contains("no password"));
        let dir = std::env::temp_dir().join(format!("tidings-pw-{}", std::process::id()));
        std::fs::write(&dir, "from-file\r\n").unwrap();
        assert_eq!(resolve(&PasswordSource::File(dir.clone())).await.unwrap().expose(), "from-file");
        std::fs::remove_file(&dir).unwrap();
    }
}

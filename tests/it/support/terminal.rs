//! kcred on a real terminal: `script` (util-linux) runs a shell line in a pseudo-terminal,
//! and the test reads what the terminal shows and types as a person would.

use super::TestEnv;
use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Terminal {
    child: Child,
    keys: Option<ChildStdin>,
    shown: Arc<Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    /// How much of what was shown the test has already waited for.
    seen: usize,
}

impl Terminal {
    /// Runs `line` in sh on a new terminal, with `env`'s environment and kcred on PATH.
    pub fn run(env: &TestEnv, line: &str) -> Terminal {
        let mut child = env
            .command_around_kcred("script")
            .env("PATH", env.path_with_kcred())
            .env("TERM", "xterm")
            .args(["-qec", line, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let shown = Arc::new(Mutex::new(Vec::new()));
        let mut stdout = child.stdout.take().unwrap();
        let reader = {
            let shown = shown.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = stdout.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    shown.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            })
        };
        Terminal {
            keys: child.stdin.take(),
            child,
            shown,
            reader: Some(reader),
            seen: 0,
        }
    }

    /// Everything the terminal has shown so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.shown.lock().unwrap()).into_owned()
    }

    /// Waits until the terminal shows `text` after what was waited for before.
    pub fn expect(&mut self, text: &str) {
        let started = Instant::now();
        loop {
            let shown = self.text();
            if let Some(at) = shown.get(self.seen..).and_then(|rest| rest.find(text)) {
                self.seen += at + text.len();
                // The question is shown just before the terminal is switched for the answer.
                std::thread::sleep(Duration::from_millis(500));
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the terminal never showed {text:?}: {shown}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `keys` (`\r` is Enter, `\x03` Ctrl-C).
    pub fn type_keys(&mut self, keys: &str) {
        let stdin = self.keys.as_mut().expect("the terminal is still open");
        stdin.write_all(keys.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    /// Waits for the line to end; all the terminal showed.
    pub fn finish(mut self) -> String {
        let started = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            if started.elapsed() > Duration::from_secs(60) {
                let _ = self.child.kill();
                panic!("the terminal's command did not end: {}", self.text());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        drop(self.keys.take());
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.text()
    }
}

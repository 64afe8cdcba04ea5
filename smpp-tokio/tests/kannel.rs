//! Interop with Kannel (Debian package `kannel`), the open-source SMS gateway, as an ESME
//! against our simulator, on 127.0.0.1 with free ports and bounded waits:
//!
//! - bearerbox binds as a transceiver;
//! - messages sent through smsbox's sendsms HTTP interface (GSM 7-bit with an escape
//!   character, and UCS-2) arrive as submit_sm, their receipts reach Kannel's DLR URL, and
//!   the simulator's "Re: <text>" replies reach Kannel's sms-service URL with the same text;
//! - an MO message injected at the simulator reaches the sms-service URL.
//!
//! Skipped with a message when bearerbox is not installed, unless `SMPP_REQUIRE_DEBIAN_PEERS=1`
//! (test.sh installs Kannel and sets it).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use smpp_tokio::simulator::{SimConfig, Simulator};

mod common;
use common::Peer;

const LIMIT: Duration = Duration::from_secs(30);

fn find(program: &str) -> Option<PathBuf> {
    let path = std::env::var("PATH").unwrap_or_default();
    ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]
        .into_iter()
        .map(PathBuf::from)
        .chain(std::env::split_paths(&path))
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// Polls `f` every 50 ms until it holds; panics naming `what` after `LIMIT`.
fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < LIMIT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One HTTP/1.0 GET; the response body, or None when nothing listens yet.
fn http_get(port: u16, path: &str) -> Option<String> {
    let addr = ([127, 0, 0, 1], port).into();
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    out.split_once("\r\n\r\n").map(|(_, body)| body.to_string())
}

/// Percent-decoding of a query value ('+' is a space), as UTF-8.
fn unquote(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(x) => {
                        out.push(x);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query(path: &str, key: &str) -> Option<String> {
    let (_, q) = path.split_once('?')?;
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| unquote(v))
}

/// The paths of every request our small HTTP server received (Kannel's callbacks).
fn capture_server() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let mut buf = Vec::new();
            let mut chunk = [0u8; 1024];
            while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
                match s.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            let head = String::from_utf8_lossy(&buf);
            if let Some(path) = head.lines().next().and_then(|l| l.split(' ').nth(1)) {
                sink.lock().unwrap().push(path.to_string());
            }
            let _ = s.write_all(b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
        }
    });
    (port, seen)
}

struct Ports {
    admin: u16,
    smsbox: u16,
    sendsms: u16,
    smsc: u16,
    callback: u16,
}

/// tools/peers/kannel-esme.conf.in with this run's ports and log folder.
fn config(dir: &Path, p: &Ports) -> String {
    let template = include_str!("../../tools/peers/kannel-esme.conf.in");
    [
        ("{admin}", p.admin.to_string()),
        ("{smsbox}", p.smsbox.to_string()),
        ("{sendsms}", p.sendsms.to_string()),
        ("{smsc}", p.smsc.to_string()),
        ("{callback}", p.callback.to_string()),
        ("{dir}", dir.display().to_string()),
    ]
    .iter()
    .fold(template.to_string(), |conf, (key, value)| {
        conf.replace(key, value)
    })
}

fn start(program: &Path, conf: &Path, dir: &Path, name: &str) -> Peer {
    let out = std::fs::File::create(dir.join(format!("{name}.out"))).unwrap();
    let err = out.try_clone().unwrap();
    Peer(
        Command::new(program)
            .arg(conf)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display())),
    )
}

/// The sendsms URL for `text` (UTF-8), with a DLR callback tagged `tag`.
fn sendsms(p: &Ports, text: &str, coding: u8, tag: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let dlr = format!("http://127.0.0.1:{}/dlr?tag={tag}&type=%d", p.callback);
    format!(
        "/cgi-bin/sendsms?username=u&password=p&from=SENDER&to=61481076483&charset=UTF-8&coding={coding}&dlr-mask=1&dlr-url={}&text={}",
        enc(&dlr),
        enc(text)
    )
}

#[tokio::test]
async fn kannel_against_our_simulator() {
    let (Some(bearerbox), Some(smsbox)) = (find("bearerbox"), find("smsbox")) else {
        assert!(
            std::env::var("SMPP_REQUIRE_DEBIAN_PEERS").as_deref() != Ok("1"),
            "SMPP_REQUIRE_DEBIAN_PEERS=1 but Kannel's bearerbox/smsbox are not installed"
        );
        eprintln!("skipped: Kannel is not installed (apt-get install kannel)");
        return;
    };
    let sim = Simulator::start(
        "127.0.0.1:0",
        SimConfig {
            accounts: vec![("kannel".into(), "secret".into())],
            dlr_delay: Duration::from_millis(50),
            mo_reply: true,
            verbose: false,
            ..SimConfig::default()
        },
    )
    .await
    .unwrap();
    let (callback, seen) = capture_server();
    let ports = Ports {
        admin: free_port(),
        smsbox: free_port(),
        sendsms: free_port(),
        smsc: sim.local_addr.port(),
        callback,
    };
    let dir = std::env::temp_dir().join(format!(
        "smpp-kannel-{}-{}",
        std::process::id(),
        ports.admin
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let conf = dir.join("kannel.conf");
    std::fs::write(&conf, config(&dir, &ports)).unwrap();

    let sim_handle = Arc::new(sim);
    let sim2 = sim_handle.clone();
    let dir2 = dir.clone();
    tokio::task::spawn_blocking(move || {
        let p = &ports;
        let _bearerbox = start(&bearerbox, &conf, &dir2, "bearerbox");
        let status = "/status.txt?password=adm";
        wait_until("bearerbox to bind to the simulator", || {
            http_get(p.admin, status).is_some_and(|s| {
                s.lines()
                    .any(|l| l.contains("SMPP:127.0.0.1") && l.contains("(online"))
            })
        });
        let _smsbox = start(&smsbox, &conf, &dir2, "smsbox");
        wait_until("smsbox's sendsms port", || {
            http_get(p.sendsms, "/").is_some()
        });

        let texts = [("Hello Kannel @ 100€", 0u8, "gsm"), ("Привет €", 2, "ucs2")];
        for (text, coding, tag) in texts {
            let body = http_get(p.sendsms, &sendsms(p, text, coding, tag)).unwrap_or_default();
            assert!(
                body.contains("Accepted"),
                "sendsms refused {text:?}: {body}"
            );
        }
        sim2.inject_mo("kannel", "61400000009", "SENDER", "MO via Kannel ✓");

        let has = |pred: &dyn Fn(&str) -> bool| seen.lock().unwrap().iter().any(|x| pred(x));
        for (_, _, tag) in texts {
            wait_until(&format!("the {tag} delivery report"), || {
                has(&|x| {
                    x.starts_with("/dlr?")
                        && query(x, "tag").as_deref() == Some(tag)
                        && query(x, "type").as_deref() == Some("1")
                })
            });
        }
        let mo_texts = [
            "Re: Hello Kannel @ 100€".to_string(),
            "Re: Привет €".to_string(),
            "MO via Kannel ✓".to_string(),
        ];
        for want in &mo_texts {
            wait_until(&format!("the MO {want:?}"), || {
                has(&|x| x.starts_with("/mo?") && query(x, "text").as_deref() == Some(want))
            });
        }
        let mo = seen.lock().unwrap().clone();
        let first_mo = mo
            .iter()
            .find(|x| query(x, "text").as_deref() == Some(mo_texts[2].as_str()))
            .unwrap();
        // The simulator sends MO from an international number (TON 1): Kannel adds the '+'.
        assert_eq!(query(first_mo, "from").as_deref(), Some("+61400000009"));
        assert_eq!(query(first_mo, "to").as_deref(), Some("SENDER"));
    })
    .await
    .unwrap_or_else(|e| {
        let logs: String = ["bearerbox.log", "smsbox.log"]
            .iter()
            .map(|f| std::fs::read_to_string(dir.join(f)).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        let tail: String = logs
            .lines()
            .rev()
            .take(60)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n");
        panic!("{e}\n--- Kannel logs (tail) ---\n{tail}");
    });
    sim_handle.stop();
    let _ = std::fs::remove_dir_all(&dir);
}

//! An SMTP server on loopback (mailin-embedded) that hands each message
//! it receives to the test.

use mailin_embedded::{Handler, Response, Server, response};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// A received message: envelope recipients and the DATA bytes.
pub type Mail = (Vec<String>, Vec<u8>);

/// Collects each message's DATA and hands it over when the message ends.
#[derive(Clone)]
struct Sink {
    data: Arc<Mutex<Vec<u8>>>,
    done: mpsc::Sender<Mail>,
    to: Arc<Mutex<Vec<String>>>,
}

impl Handler for Sink {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        *self.to.lock().unwrap() = to.to_vec();
        response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.lock().unwrap().extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        let bytes = std::mem::take(&mut *self.data.lock().unwrap());
        let to = std::mem::take(&mut *self.to.lock().unwrap());
        let _ = self.done.send((to, bytes));
        response::OK
    }
}

/// An SMTP server on 127.0.0.1:0 in its own thread; returns its address and the inbox.
pub fn smtp_server() -> (String, mpsc::Receiver<Mail>) {
    let (done, inbox) = mpsc::channel();
    let sink = Sink {
        data: Arc::default(),
        done,
        to: Arc::default(),
    };
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let mut server = Server::new(sink);
    server.with_name("test.local").with_tcp_listener(listener);
    // Runs until the test process ends.
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    (addr, inbox)
}

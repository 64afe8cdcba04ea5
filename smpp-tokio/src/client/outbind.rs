//! Outbind: the SMSC connects to the ESME and asks it to bind as a receiver.

use std::future::poll_fn;

use smpp_session::{BindKind, Event, Role};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;

use super::{Client, ClientOptions, driver};
use crate::error::{Error, Result};
use crate::link::Link;

impl Client {
    /// Accepts one SMSC connection on `listener`, waits for its outbind, and binds over it
    /// as a receiver with `options` (whatever [`ClientOptions::bind`] says: outbind asks
    /// for a receiver). The outbind's system_id is logged; deliveries then flow through
    /// [`Client::deliveries`].
    pub async fn accept_outbind(listener: &TcpListener, options: ClientOptions) -> Result<Client> {
        let (stream, peer) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        tracing::info!(%peer, "connection for outbind");
        Self::outbind_stream(stream, options).await
    }

    /// Waits for an outbind on a connected stream, then binds as a receiver.
    pub async fn outbind_stream<S>(stream: S, options: ClientOptions) -> Result<Client>
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let options = options.bind(BindKind::Receiver);
        let mut link = Link::new(stream, Role::Esme, options.session_config());
        let wait = async {
            loop {
                poll_fn(|cx| link.poll_io(cx, false)).await;
                let mut got = None;
                while got.is_none() {
                    let Some(ev) = link.session.poll_event() else {
                        break;
                    };
                    match ev {
                        Event::Outbind { system_id, .. } => {
                            got = Some(Ok(String::from_utf8_lossy(system_id).into_owned()));
                        }
                        Event::Closed { reason, .. } => {
                            got.get_or_insert(Err(Error::Io(std::io::Error::new(
                                std::io::ErrorKind::ConnectionAborted,
                                format!("closed before outbind: {reason:?}"),
                            ))));
                        }
                        _ => {}
                    }
                }
                if let Some(r) = got {
                    return r;
                }
            }
        };
        let smsc = tokio::time::timeout(options.connect_timeout, wait)
            .await
            .unwrap_or(Err(Error::ConnectTimeout))?;
        tracing::info!(smsc = %smsc, "outbind received; binding as receiver");
        let (link, bound) =
            tokio::time::timeout(options.connect_timeout, driver::bind(link, &options))
                .await
                .unwrap_or(Err(Error::ConnectTimeout))?;
        Ok(Self::spawn(
            None::<super::NoConnector<S>>,
            link,
            bound,
            options,
        ))
    }
}

//! Port-forwards for an author's `lesson run` from outside the cluster: every presentation of a
//! running endpoint is reached at a port of 127.0.0.1 (the first free one at or after the
//! first port asked for, in the order endpoints come up), each connection forwarded to the pod
//! through the Kubernetes API (what `kubectl port-forward` does).

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Mutex;

use k8s_openapi::api::core::v1::Pod;
use kube::{Api, Client};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

use crate::provision::ProvisionError;

/// A forward: namespace, pod and port.
type Target = (String, String, u16);

/// The forwards of one backend: per namespace, pod and port, a listener on 127.0.0.1.
pub struct Forwards {
    client: Client,
    next: Mutex<u16>,
    open: Mutex<HashMap<Target, (SocketAddr, AbortHandle)>>,
}

impl std::fmt::Debug for Forwards {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forwards").finish_non_exhaustive()
    }
}

impl Forwards {
    /// Forwards from ports at or after `from`.
    pub fn new(client: Client, from: u16) -> Forwards {
        Forwards {
            client,
            next: Mutex::new(from.max(1)),
            open: Mutex::new(HashMap::new()),
        }
    }

    /// The local address forwarded to `port` of pod `pod` in `ns`, opened if it is not yet.
    pub async fn ensure(
        &self,
        ns: &str,
        pod: &str,
        port: u16,
    ) -> Result<SocketAddr, ProvisionError> {
        let key = (ns.to_owned(), pod.to_owned(), port);
        if let Some((addr, _)) = self.open.lock().expect("not poisoned").get(&key) {
            return Ok(*addr);
        }
        let listener = self.bind().await?;
        let addr = listener.local_addr().map_err(|e| {
            ProvisionError::retryable(format!("a local port for {pod}:{port}: {e}"))
        })?;
        let api: Api<Pod> = Api::namespaced(self.client.clone(), ns);
        let pod_name = pod.to_owned();
        let task = tokio::spawn(async move {
            loop {
                let Ok((conn, _)) = listener.accept().await else {
                    break;
                };
                let api = api.clone();
                let pod = pod_name.clone();
                tokio::spawn(async move {
                    if let Err(e) = forward(api, &pod, port, conn).await {
                        tracing::debug!("forwarding to {pod}:{port}: {e}");
                    }
                });
            }
        });
        let mut open = self.open.lock().expect("not poisoned");
        // Another caller may have opened it meanwhile: keep one.
        if let Some((existing, _)) = open.get(&key) {
            task.abort();
            return Ok(*existing);
        }
        open.insert(key, (addr, task.abort_handle()));
        Ok(addr)
    }

    async fn bind(&self) -> Result<TcpListener, ProvisionError> {
        loop {
            let port = {
                let mut next = self.next.lock().expect("not poisoned");
                let port = *next;
                *next = next.checked_add(1).ok_or_else(|| {
                    ProvisionError::permanent("no local port is left to forward presentations to")
                })?;
                port
            };
            match TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
                Ok(l) => return Ok(l),
                Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {}
                Err(e) => {
                    return Err(ProvisionError::permanent(format!(
                        "cannot listen on 127.0.0.1:{port}: {e}"
                    )));
                }
            }
        }
    }

    /// Closes every forward into `ns`.
    pub fn close(&self, ns: &str) {
        self.open
            .lock()
            .expect("not poisoned")
            .retain(|(n, _, _), (_, task)| {
                if n == ns {
                    task.abort();
                }
                n != ns
            });
    }
}

impl Drop for Forwards {
    fn drop(&mut self) {
        for (_, task) in self.open.lock().expect("not poisoned").values() {
            task.abort();
        }
    }
}

async fn forward(api: Api<Pod>, pod: &str, port: u16, mut conn: TcpStream) -> Result<(), String> {
    let mut forwarder = api
        .portforward(pod, &[port])
        .await
        .map_err(|e| e.to_string())?;
    let mut upstream = forwarder
        .take_stream(port)
        .ok_or_else(|| "the API server gave no stream".to_owned())?;
    tokio::io::copy_bidirectional(&mut conn, &mut upstream)
        .await
        .map_err(|e| e.to_string())?;
    drop(upstream);
    forwarder.join().await.map_err(|e| e.to_string())
}

//! Which proxy a request goes through. Read from the config and the
//! environment once, by the caller, so the client itself never looks at the
//! environment (and a test's client is the same on every machine). A
//! loopback address (a local feed, a local RSS-Bridge) is never proxied.

use reqwest::{NoProxy, Proxy};

/// Hosts that never go through a proxy, whatever `NO_PROXY` says.
const LOOPBACK: &str = "localhost,127.0.0.0/8,::1";

/// The proxies in force.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Proxies {
    /// For every request: the config's `proxy`, else `ALL_PROXY`.
    pub all: Option<String>,
    /// `HTTP_PROXY`, for http:// URLs.
    pub http: Option<String>,
    /// `HTTPS_PROXY`, for https:// URLs.
    pub https: Option<String>,
    /// `NO_PROXY`: hosts, domains (`.example.org`), addresses or `*` that go direct.
    pub no_proxy: Option<String>,
}

impl Proxies {
    /// The config's `proxy` over the `*_PROXY` variables (upper or lower case).
    pub fn from_env(config_proxy: Option<&str>) -> Proxies {
        let var = |name: &str| {
            [name.to_ascii_uppercase(), name.to_ascii_lowercase()]
                .into_iter()
                .find_map(|n| std::env::var(n).ok())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        Proxies {
            all: config_proxy.map(str::to_owned).or_else(|| var("all_proxy")),
            http: config_proxy.is_none().then(|| var("http_proxy")).flatten(),
            https: config_proxy.is_none().then(|| var("https_proxy")).flatten(),
            no_proxy: var("no_proxy"),
        }
    }

    /// The reqwest proxies, each skipping loopback and `no_proxy` hosts.
    pub(crate) fn build(&self) -> Result<Vec<Proxy>, String> {
        let skip = match &self.no_proxy {
            Some(list) => format!("{LOOPBACK},{list}"),
            None => LOOPBACK.to_owned(),
        };
        let mut out = Vec::new();
        for (url, kind) in [(&self.http, "http"), (&self.https, "https"), (&self.all, "all")] {
            let Some(url) = url else { continue };
            let made = match kind {
                "http" => Proxy::http(url.as_str()),
                "https" => Proxy::https(url.as_str()),
                _ => Proxy::all(url.as_str()),
            };
            let proxy = made.map_err(|e| format!("bad proxy {url}: {}", super::root_cause(&e)))?;
            out.push(proxy.no_proxy(NoProxy::from_string(&skip)));
        }
        Ok(out)
    }
}

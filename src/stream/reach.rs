//! A second, independent look at where a sink will send the stream: the sink's own string
//! read back with GStreamer's URI parser (the one `rtmp2sink` and `srtsink` use), applying
//! the SRT element's defaults. The gate decides on our parse; this check makes sure the
//! element reads the string we built the same way, and it is what the property tests and the
//! fuzz target assert against.

use std::net::IpAddr;

use gstreamer as gst;

use crate::gate::{Approved, Destination};

/// Who can receive what a sink sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// A file, the virtual camera or a window.
    Local,
    Loopback,
    Lan,
    /// Anyone beyond the local network (why).
    Beyond(String),
}

/// The address ranges are the gate's (one definition); what this module adds is reading the
/// sink's string the way GStreamer does.
fn of_ip(ip: IpAddr) -> Reach {
    match crate::gate::private_ip(ip) {
        Some(crate::gate::Class::Loopback) => Reach::Loopback,
        Some(_) => Reach::Lan,
        None => Reach::Beyond(format!("address {ip}")),
    }
}

/// A peer named in a URI: an IP literal, or a name only mDNS answers (`.local`).
fn of_host(h: &str) -> Reach {
    let h = h.trim_start_matches('[').trim_end_matches(']');
    match h.parse::<IpAddr>() {
        Ok(ip) => of_ip(ip),
        Err(_) if h.ends_with(".local") && !h.contains(['/', '?', '#', '@', ':']) => Reach::Lan,
        Err(_) => Reach::Beyond(format!("host {}", crate::gate::printable(h))),
    }
}

fn worst(a: Reach, b: Reach) -> Reach {
    let rank = |r: &Reach| match r {
        Reach::Local => 0,
        Reach::Loopback => 1,
        Reach::Lan => 2,
        Reach::Beyond(_) => 3,
    };
    if rank(&b) > rank(&a) { b } else { a }
}

/// GStreamer's own URI parser (`GstUri`, not bound by gstreamer-rs), as the elements use it.
struct GstUri(std::ptr::NonNull<gst::ffi::GstUri>);

impl GstUri {
    fn parse(s: &str) -> Option<GstUri> {
        let c = std::ffi::CString::new(s).ok()?;
        // SAFETY: a valid C string in; a new reference (or NULL) out, owned by the wrapper.
        std::ptr::NonNull::new(unsafe { gst::ffi::gst_uri_from_string(c.as_ptr()) }).map(GstUri)
    }

    fn text(p: *const std::ffi::c_char) -> Option<String> {
        // SAFETY: GstUri returns NULL or a NUL-terminated string it owns, copied here at once.
        (!p.is_null()).then(|| unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }

    fn host(&self) -> Option<String> {
        // SAFETY: self.0 is a live GstUri.
        Self::text(unsafe { gst::ffi::gst_uri_get_host(self.0.as_ptr()) })
    }

    fn query(&self, key: &str) -> Option<String> {
        let k = std::ffi::CString::new(key).ok()?;
        // SAFETY: self.0 is a live GstUri, k a valid C string.
        Self::text(unsafe { gst::ffi::gst_uri_get_query_value(self.0.as_ptr(), k.as_ptr()) })
    }
}

impl Drop for GstUri {
    fn drop(&mut self) {
        // SAFETY: the wrapper owns one reference.
        unsafe { gst::ffi::gst_uri_unref(self.0.as_ptr()) }
    }
}

/// Where the sink built for `dest` sends the stream, as GStreamer reads its string.
pub fn reach(dest: &Destination) -> Reach {
    let Destination::Net(n) = dest else { return Reach::Local };
    let _ = gst::init();
    if let Some(loc) = n.rtmp_location() {
        let Some(u) = GstUri::parse(&loc) else { return Reach::Beyond("unparsable location".into()) };
        return u.host().map_or(Reach::Beyond("no host".into()), |h| of_host(&h));
    }
    let Some(uri) = n.srt_uri() else { return Reach::Beyond("no sink address".into()) };
    let Some(u) = GstUri::parse(&uri) else { return Reach::Beyond("unparsable uri".into()) };
    let host = u.host().filter(|h| !h.is_empty());
    let get = |k: &str| u.query(k);
    let mode = get("mode").unwrap_or_else(|| if host.is_some() { "caller".into() } else { "listener".into() });
    // srtsink binds `localaddress`, else the URI's host, else every interface (0.0.0.0 and
    // :: are neither loopback nor LAN, so they read as beyond).
    let bind = || of_host(&get("localaddress").or_else(|| host.clone()).unwrap_or_else(|| "0.0.0.0".into()));
    match mode.as_str() {
        "caller" => host.map_or(Reach::Beyond("no host".into()), |h| of_host(&h)),
        "listener" => bind(),
        "rendezvous" => worst(bind(), host.map_or(Reach::Beyond("no host".into()), |h| of_host(&h))),
        m => Reach::Beyond(format!("unknown mode {}", crate::gate::printable(m))),
    }
}

/// Refuses to open a sink whose string GStreamer would read as reaching further than the
/// gate approved without a private marking.
pub fn verify(dest: &Approved) -> Result<(), super::PipeError> {
    match reach(dest.destination()) {
        Reach::Beyond(why) if dest.marking().is_none() => Err(super::PipeError::Gst(format!(
            "the sink address for {} would reach {why}, which the publish gate did not approve; not opening it",
            dest.destination().display()
        ))),
        _ => Ok(()),
    }
}

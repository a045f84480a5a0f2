//! What kind of failure an error is, as a caller can act on it. Each library error says its
//! kind ([`Kinded`]); only the binary turns kinds into exit codes.

/// The kinds of failure the command line documents, one exit code each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A bad flag, configuration, profile or pipeline name.
    Usage,
    /// An input that cannot be read, is corrupt or is not supported.
    Input,
    /// An output that cannot be written, or that writing would destroy something else.
    Output,
    /// Something the machine lacks: OCR language data, a GStreamer element.
    Setup,
    /// The publish gate refused the destination.
    Refused,
    /// Ctrl-C or SIGTERM.
    Interrupted,
    /// A bug, or a failure with no better name.
    Internal,
}

/// An error that knows its [`ErrorKind`].
pub trait Kinded {
    fn kind(&self) -> ErrorKind;
}

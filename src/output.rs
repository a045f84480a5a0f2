//! Output of still images. Files are written to a temporary file beside the target and
//! renamed into place only when complete, so a failure or Ctrl-C never leaves a partial file
//! under the final name.

use std::io::Write;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageFormat};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("cannot encode {path}: {msg}")]
    Encode { path: String, msg: String },
    #[error("refusing to write {path}: {why}")]
    Refused { path: String, why: String },
}

impl crate::error::Kinded for OutputError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::Output
    }
}

/// Refuses outputs that would destroy something other than an old output: a device, FIFO,
/// socket or directory at the path, a symbolic link (renaming over it would replace the link
/// and never write where it points, and following it could write into `/proc` or a device),
/// or one of the inputs itself (same file, by inode).
pub fn check_target(output: &Path, inputs: &[&Path]) -> Result<(), OutputError> {
    let refuse = |why: &str| Err(OutputError::Refused { path: output.display().to_string(), why: why.into() });
    let Ok(meta) = std::fs::symlink_metadata(output) else { return Ok(()) };
    if meta.file_type().is_symlink() {
        return refuse("it is a symbolic link");
    }
    if !meta.is_file() {
        return refuse("it exists and is not a regular file (device, FIFO, socket or directory)");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        for i in inputs {
            if std::fs::metadata(i).is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino()) {
                return refuse("it is the input file");
            }
        }
    }
    Ok(())
}

/// A claim on an output path for the length of a run: a second run writing the same output
/// at the same time is refused instead of both "succeeding" with one file. An advisory lock
/// (`flock`) on `.NAME.screenveil.lock` beside it, released when the claim is dropped or the
/// process ends.
pub struct Claim {
    _file: std::fs::File,
    path: PathBuf,
}

impl Drop for Claim {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Checks an output (and its report) against the input and each other, then claims both for
/// the run. Keep the returned claims alive until the files are in place.
pub fn prepare(input: &Path, output: &Path, report: Option<&Path>) -> Result<Vec<Claim>, OutputError> {
    check_target(output, &[input])?;
    if let Some(r) = report {
        check_target(r, &[input, output])?;
    }
    std::iter::once(output).chain(report).map(claim).collect()
}

pub fn claim(output: &Path) -> Result<Claim, OutputError> {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let path = output.with_file_name(format!(".{name}.screenveil.lock"));
    let io = |source| OutputError::Io { path: output.display().to_string(), source };
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock on a descriptor this function owns.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            // Not ours: the other run's lock file stays (no claim, so nothing is removed).
            drop(file);
            return Err(OutputError::Refused { path: output.display().to_string(), why: "another screenveil run is writing it".into() });
        }
    }
    Ok(Claim { _file: file, path })
}

/// A temporary file beside `path`, named after it and this process
/// (`.NAME.screenveil-PID-XXXX.part…`), so that the next run on the same output can remove what
/// a killed run left behind.
pub fn temp_beside(path: &Path, suffix: &str) -> Result<tempfile::NamedTempFile, OutputError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    clean_stale(&dir, path);
    tempfile::Builder::new()
        .prefix(&stale_prefix(path, Some(std::process::id())))
        .suffix(suffix)
        .tempfile_in(&dir)
        .map_err(|source| OutputError::Io { path: path.display().to_string(), source })
}

fn stale_prefix(path: &Path, pid: Option<u32>) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match pid {
        Some(p) => format!(".{name}.screenveil-{p}-"),
        None => format!(".{name}.screenveil-"),
    }
}

/// Removes temporary files of earlier runs on the same output whose process is gone.
fn clean_stale(dir: &Path, path: &Path) {
    let prefix = stale_prefix(path, None);
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else { continue };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<i32>().ok()) else { continue };
        if !name.contains(".part") || process_alive(pid) {
            continue;
        }
        tracing::info!(file = %e.path().display(), "removing a temporary file a killed run left");
        let _ = std::fs::remove_file(e.path());
    }
}

fn process_alive(pid: i32) -> bool {
    #[cfg(unix)]
    {
        // SAFETY: signal 0 only checks that the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Writes bytes produced by `fill` atomically to `path`.
pub fn write_atomic(path: &Path, fill: impl FnOnce(&mut std::fs::File) -> Result<(), OutputError>) -> Result<(), OutputError> {
    let p = path.display().to_string();
    let mut tmp = temp_beside(path, ".part")?;
    fill(tmp.as_file_mut())?;
    tmp.as_file_mut().flush().map_err(|source| OutputError::Io { path: p.clone(), source })?;
    readable_like_a_new_file(tmp.as_file());
    tmp.persist(path).map_err(|e| OutputError::Io { path: p, source: e.error })?;
    Ok(())
}

/// Temporary files are created private (0600); a finished output gets the mode a plain new
/// file would get (0644), so redacted files can be shared as any other.
pub fn readable_like_a_new_file(f: &std::fs::File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = f.set_permissions(std::fs::Permissions::from_mode(0o644));
    }
}

/// Encodes `img` as `format` into `path` (atomically).
pub fn write_image(path: &Path, img: &DynamicImage, format: ImageFormat) -> Result<(), OutputError> {
    let p = path.display().to_string();
    // JPEG has no alpha; the encoder refuses RGBA.
    let img = if format == ImageFormat::Jpeg && img.color().has_alpha() { DynamicImage::ImageRgb8(img.to_rgb8()) } else { img.clone() };
    write_atomic(path, |f| {
        let mut w = std::io::BufWriter::new(f);
        img.write_to(&mut w, format).map_err(|e| OutputError::Encode { path: p.clone(), msg: e.to_string() })?;
        w.flush().map_err(|source| OutputError::Io { path: p.clone(), source })
    })
}

/// Output format: the output file's extension, else the input's format.
pub fn format_for(path: &Path, input: ImageFormat) -> ImageFormat {
    ImageFormat::from_path(path).unwrap_or(input)
}

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
}

/// Writes bytes produced by `fill` atomically to `path`.
pub fn write_atomic(path: &Path, fill: impl FnOnce(&mut std::fs::File) -> Result<(), OutputError>) -> Result<(), OutputError> {
    let p = path.display().to_string();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".screenveil-")
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(|source| OutputError::Io { path: p.clone(), source })?;
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

//! Ingest of still images: decode a screenshot into a [`Frame`], keeping what is needed to
//! write it back in its own format (alpha channel, container format).

use std::path::Path;

use image::{DynamicImage, ImageFormat, ImageReader};

use crate::frame::Frame;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}: not a supported image (PNG, JPEG, BMP, WebP, TIFF)")]
    Unsupported { path: String },
    #[error("{path}: image is corrupt or truncated: {msg}")]
    Corrupt { path: String, msg: String },
    #[error("{path}: image has no pixels")]
    Empty { path: String },
}

/// A decoded screenshot.
pub struct Still {
    pub image: DynamicImage,
    pub format: ImageFormat,
    pub frame: Frame,
}

pub fn load_still(path: &Path) -> Result<Still, IngestError> {
    let p = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| IngestError::Read { path: p.clone(), source })?;
    // The content decides the format, not the file name: "notes.png" holding text is not a PNG.
    let format = image::guess_format(&bytes).map_err(|_| IngestError::Unsupported { path: p.clone() })?;
    let mut reader = ImageReader::with_format(std::io::Cursor::new(&bytes), format);
    reader.no_limits();
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Unsupported(_) => IngestError::Unsupported { path: p.clone() },
        image::ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            IngestError::Corrupt { path: p.clone(), msg: "file is truncated".into() }
        }
        other => IngestError::Corrupt { path: p.clone(), msg: other.to_string() },
    })?;
    if image.width() == 0 || image.height() == 0 {
        return Err(IngestError::Empty { path: p });
    }
    let rgb = image.to_rgb8();
    let (w, h) = rgb.dimensions();
    let frame = Frame::from_rgb(w, h, rgb.into_raw()).ok_or(IngestError::Empty { path: p })?;
    Ok(Still { image, format, frame })
}

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
    #[error("{path}: image is too large ({msg}); screenveil reads images up to {MAX_SIDE}x{MAX_SIDE} pixels")]
    TooLarge { path: String, msg: String },
    #[error("{path}: {what}; only single-image files are redacted (split it into one file per image)")]
    MultiImage { path: String, what: &'static str },
}

impl crate::error::Kinded for IngestError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::Input
    }
}

pub use crate::frame::MAX_SIDE;
/// Largest decoded size in memory.
const MAX_ALLOC: u64 = 2 << 30;

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
    check_single_image(&bytes, format).map_err(|what| IngestError::MultiImage { path: p.clone(), what })?;
    if format == ImageFormat::Jpeg && !jpeg_complete(&bytes) {
        return Err(IngestError::Corrupt { path: p, msg: "file is truncated (no end-of-image marker)".into() });
    }
    let mut reader = ImageReader::with_format(std::io::Cursor::new(&bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let decode_err = |e: image::ImageError| match e {
        image::ImageError::Unsupported(_) => IngestError::Unsupported { path: p.clone() },
        image::ImageError::Limits(l) => IngestError::TooLarge { path: p.clone(), msg: l.to_string() },
        image::ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            IngestError::Corrupt { path: p.clone(), msg: "file is truncated".into() }
        }
        other => IngestError::Corrupt { path: p.clone(), msg: other.to_string() },
    };
    // The picture is analysed and written as it is shown: EXIF orientation (a phone or a
    // rotated monitor's screenshot) is applied to the pixels, so text is upright for OCR and
    // the output (which carries no orientation tag) shows the same way as the input did.
    let mut decoder = reader.into_decoder().map_err(decode_err)?;
    let orientation = image::ImageDecoder::orientation(&mut decoder).unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode_err)?;
    image.apply_orientation(orientation);
    if image.width() == 0 || image.height() == 0 {
        return Err(IngestError::Empty { path: p });
    }
    let rgb = image.to_rgb8();
    let (w, h) = rgb.dimensions();
    let frame = Frame::from_rgb(w, h, rgb.into_raw()).ok_or(IngestError::Empty { path: p })?;
    Ok(Still { image, format, frame })
}

/// A JPEG ends with its end-of-image marker; decoders fill a truncated file's missing rows
/// with grey and report success, so the marker is checked here.
fn jpeg_complete(bytes: &[u8]) -> bool {
    let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    end >= 2 && bytes[..end].ends_with(&[0xFF, 0xD9])
}

/// Files that hold more than one picture are refused: the decoder would read the first and
/// the rest would be lost from the output, unredacted or not.
fn check_single_image(bytes: &[u8], format: ImageFormat) -> Result<(), &'static str> {
    match format {
        ImageFormat::Png => {
            // An animated PNG announces its frames (acTL) before the first image data.
            let mut i = 8;
            while i + 8 <= bytes.len() {
                let len = u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize;
                match &bytes[i + 4..i + 8] {
                    b"acTL" => return Err("an animated PNG"),
                    b"IDAT" | b"IEND" => break,
                    _ => {}
                }
                i = i.saturating_add(12).saturating_add(len);
            }
            Ok(())
        }
        ImageFormat::WebP if bytes.len() > 30 && bytes[12..16] == *b"VP8X" && bytes[20] & 0x02 != 0 => Err("an animated WebP"),
        ImageFormat::Tiff => {
            let Ok(mut d) = tiff::decoder::Decoder::new(std::io::Cursor::new(bytes)) else { return Ok(()) };
            if d.more_images() && d.next_image().is_ok() { Err("a multi-page TIFF") } else { Ok(()) }
        }
        _ => Ok(()),
    }
}

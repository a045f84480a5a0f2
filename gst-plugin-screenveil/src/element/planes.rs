//! The element's pixel formats: stream buffers in, packed RGB frames for analysis, and only
//! the masked rectangles written back.
//!
//! Writing back only what a mask covers keeps every other pixel of a YUV stream bit for bit as
//! it came in (a whole-frame RGB round trip would shift colours slightly everywhere), and a
//! frame without masks leaves exactly as it arrived, without any conversion.

use gstreamer as gst;
use gstreamer_video as gst_video;
use gstreamer_video::prelude::*;

use crate::frame::Frame;
use crate::geom::Rect;

/// Converters between one negotiated format and packed RGB.
pub struct Formats {
    pub info: gst_video::VideoInfo,
    /// Packed RGB of the same size (rows exactly `width * 3` bytes, as [`Frame`] holds them).
    rgb: gst_video::VideoInfo,
    /// `None` when the stream is RGB already.
    convert: Option<(gst_video::VideoConverter, gst_video::VideoConverter)>,
    /// 8-bit YUV with a known matrix: masked rectangles are converted alone
    /// ([`super::yuv`]) instead of the whole frame.
    yuv: Option<super::yuv::Matrix>,
}

impl Formats {
    pub fn new(info: gst_video::VideoInfo) -> Result<Formats, gst::glib::BoolError> {
        let (w, h) = (info.width(), info.height());
        // Full-range RGB whatever the stream's range: with the stream's own colorimetry the
        // converter would take the RGB for studio range (black 16, white 235) and analysis
        // would see washed-out frames; [`super::yuv`] converts from full range too.
        let c = info.colorimetry();
        let full_rgb = gst_video::VideoColorimetry::new(gst_video::VideoColorRange::Range0_255, gst_video::VideoColorMatrix::Rgb, c.transfer(), c.primaries());
        let rgb = gst_video::VideoInfo::builder(gst_video::VideoFormat::Rgb, w, h)
            .stride(&[(w * 3) as i32])
            .offset(&[0])
            .size((w * h * 3) as usize)
            .colorimetry(if info.format_info().is_rgb() { &c } else { &full_rgb })
            .fps(info.fps())
            .build()?;
        let convert = if info.format() == gst_video::VideoFormat::Rgb {
            None
        } else {
            let mut cfg = gst_video::VideoConverterConfig::new();
            // Screens are sharp text: no dithering noise in the masks, nearest chroma so a
            // fill stays one flat colour to its edge.
            cfg.set_dither_method(gst_video::VideoDitherMethod::None);
            cfg.set_threads(2);
            Some((gst_video::VideoConverter::new(&info, &rgb, Some(cfg.clone()))?, gst_video::VideoConverter::new(&rgb, &info, Some(cfg))?))
        };
        let yuv = super::yuv::supports(&info);
        Ok(Formats { info, rgb, convert, yuv })
    }

    /// The buffer's picture as packed RGB with its presentation time.
    pub fn to_frame(&self, buf: &gst::Buffer) -> Option<Frame> {
        let (w, h) = (self.info.width(), self.info.height());
        let mut frame = match &self.convert {
            None => {
                let vf = gst_video::VideoFrameRef::from_buffer_ref_readable(buf.as_ref(), &self.info).ok()?;
                Frame::from_strided(w, h, vf.plane_stride()[0] as usize, 0, vf.plane_data(0).ok()?)?
            }
            Some((to_rgb, _)) => {
                let src = gst_video::VideoFrameRef::from_buffer_ref_readable(buf.as_ref(), &self.info).ok()?;
                let mut out = gst::Buffer::with_size(self.rgb.size()).ok()?;
                {
                    let mut dst = gst_video::VideoFrameRef::from_buffer_ref_writable(out.get_mut()?, &self.rgb).ok()?;
                    to_rgb.frame_ref(&src, &mut dst);
                }
                let map = out.map_readable().ok()?;
                Frame::from_rgb(w, h, map.as_slice().to_vec())?
            }
        };
        frame.pts_ns = buf.pts().map_or(0, |t| t.nseconds());
        Some(frame)
    }

    /// Writes the redacted frame's pixels inside `rects` into `buf` (the frame's original
    /// buffer); everything outside them stays as it was.
    pub fn write_back(&self, buf: &mut gst::Buffer, redacted: Frame, rects: &[Rect]) -> Result<(), gst::FlowError> {
        let (w, h) = (self.info.width() as i32, self.info.height() as i32);
        let rects: Vec<Rect> = rects.iter().map(|r| r.clamp(w, h)).filter(|r| !r.is_empty()).collect();
        if rects.is_empty() {
            return Ok(());
        }
        if let Some(m) = &self.yuv {
            let target = buf.make_mut();
            let mut dst = gst_video::VideoFrameRef::from_buffer_ref_writable(target, &self.info).map_err(|_| gst::FlowError::Error)?;
            return super::yuv::write_rects(m, &redacted, &mut dst, &rects).map_err(|_| gst::FlowError::Error);
        }
        let rgb = gst_video::VideoFrame::from_buffer_readable(gst::Buffer::from_mut_slice(redacted.data), &self.rgb).map_err(|_| gst::FlowError::Error)?;
        let src = match &self.convert {
            None => rgb,
            Some((_, from_rgb)) => {
                let out = gst::Buffer::with_size(self.info.size()).map_err(|_| gst::FlowError::Error)?;
                let mut dst = gst_video::VideoFrame::from_buffer_writable(out, &self.info).map_err(|_| gst::FlowError::Error)?;
                from_rgb.frame(&rgb, &mut dst);
                gst_video::VideoFrame::from_buffer_readable(dst.into_buffer(), &self.info).map_err(|_| gst::FlowError::Error)?
            }
        };
        let target = buf.make_mut();
        let mut dst = gst_video::VideoFrameRef::from_buffer_ref_writable(target, &self.info).map_err(|_| gst::FlowError::Error)?;
        copy_rects(&src, &mut dst, &rects)
    }
}

/// Copies `rects` (frame pixels) plane by plane. A subsampled plane's rectangle is widened to
/// whole chroma samples, so a mask's edge never keeps a chroma sample of what it hides.
fn copy_rects(
    src: &gst_video::VideoFrame<gst_video::video_frame::Readable>,
    dst: &mut gst_video::VideoFrameRef<&mut gst::BufferRef>,
    rects: &[Rect],
) -> Result<(), gst::FlowError> {
    let finfo = src.format_info();
    for plane in 0..src.n_planes() {
        // The first component stored in this plane gives its subsampling and pixel stride.
        let Some(c) = (0..finfo.n_components() as usize).find(|&c| finfo.plane()[c] == plane) else { continue };
        let (xs, ys, ps) = (finfo.w_sub()[c] as i32, finfo.h_sub()[c] as i32, finfo.pixel_stride()[c] as usize);
        let (ss, ds) = (src.plane_stride()[plane as usize] as usize, dst.plane_stride()[plane as usize] as usize);
        let s = src.plane_data(plane).map_err(|_| gst::FlowError::Error)?;
        let d = dst.plane_data_mut(plane).map_err(|_| gst::FlowError::Error)?;
        for r in rects {
            let (x0, x1) = ((r.x0 >> xs) as usize, ((r.x1 + (1 << xs) - 1) >> xs) as usize);
            let (y0, y1) = ((r.y0 >> ys) as usize, ((r.y1 + (1 << ys) - 1) >> ys) as usize);
            for y in y0..y1 {
                let (a, b) = (x0 * ps, x1 * ps);
                let (Some(from), Some(to)) = (s.get(y * ss + a..y * ss + b), d.get_mut(y * ds + a..y * ds + b)) else {
                    return Err(gst::FlowError::Error);
                };
                to.copy_from_slice(from);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buffer_of(info: &gst_video::VideoInfo, fill: impl Fn(u32, usize) -> u8) -> gst::Buffer {
        let mut buf = gst::Buffer::with_size(info.size()).unwrap();
        {
            let mut vf = gst_video::VideoFrameRef::from_buffer_ref_writable(buf.get_mut().unwrap(), info).unwrap();
            for p in 0..vf.n_planes() {
                for (i, b) in vf.plane_data_mut(p).unwrap().iter_mut().enumerate() {
                    *b = fill(p, i);
                }
            }
        }
        buf
    }

    #[test]
    fn only_masked_pixels_change_in_every_format() {
        gst::init().unwrap();
        for fmt in
            [gst_video::VideoFormat::Rgb, gst_video::VideoFormat::Bgr, gst_video::VideoFormat::I420, gst_video::VideoFormat::Nv12, gst_video::VideoFormat::Y444]
        {
            // Odd width: RGB rows are padded to 4 bytes in GStreamer and packed in a Frame.
            let info = gst_video::VideoInfo::builder(fmt, 63, 40).build().unwrap();
            let f = Formats::new(info.clone()).unwrap();
            let orig = buffer_of(&info, |p, i| (p as usize * 40 + i % 97) as u8);
            let mut frame = f.to_frame(&orig).unwrap();
            assert_eq!((frame.width, frame.height, frame.data.len()), (63, 40, 63 * 40 * 3));
            let mask = Rect::new(11, 9, 30, 21);
            for y in mask.y0..mask.y1 {
                for x in mask.x0..mask.x1 {
                    let i = (y as usize * 63 + x as usize) * 3;
                    frame.data[i..i + 3].copy_from_slice(&[250, 10, 10]);
                }
            }
            let mut out = orig.copy_deep().unwrap();
            f.write_back(&mut out, frame, &[mask]).unwrap();
            let back = f.to_frame(&out).unwrap();
            let (a, b) = (f.to_frame(&orig).unwrap(), back);
            // Inside the mask the colour is the fill (within YUV rounding); far outside it
            // every byte is the original.
            let px = |fr: &Frame, x: usize, y: usize| fr.data[(y * 63 + x) * 3..(y * 63 + x) * 3 + 3].to_vec();
            let inside = px(&b, 20, 15);
            assert!(inside[0] > 200 && inside[1] < 60 && inside[2] < 60, "{fmt:?}: {inside:?}");
            assert_eq!(px(&a, 50, 35), px(&b, 50, 35), "{fmt:?}");
            let (om, nm) = (orig.map_readable().unwrap(), out.map_readable().unwrap());
            let changed = om.iter().zip(nm.iter()).filter(|(x, y)| x != y).count();
            assert!(changed > 0 && changed <= (20 * 14 * 3) + 2 * 12 * 8, "{fmt:?}: {changed} bytes changed");
        }
    }

    /// The masked rectangles written alone into YUV carry the values GStreamer's converter
    /// gives the whole frame (within rounding), in each matrix and range.
    #[test]
    fn masked_rectangles_match_the_whole_frame_conversion() {
        gst::init().unwrap();
        for fmt in [gst_video::VideoFormat::I420, gst_video::VideoFormat::Nv12, gst_video::VideoFormat::Y444] {
            for cm in ["bt709", "bt601", "bt2020", "1:4:0:0"] {
                let c: gst_video::VideoColorimetry = cm.parse().unwrap();
                let info = gst_video::VideoInfo::builder(fmt, 64, 40).colorimetry(&c).build().unwrap();
                let f = Formats::new(info.clone()).unwrap();
                assert!(f.yuv.is_some(), "{fmt:?} {cm}");
                let orig = buffer_of(&info, |p, i| (p as usize * 40 + i % 97) as u8);
                let mut frame = f.to_frame(&orig).unwrap();
                for (i, b) in frame.data.iter_mut().enumerate() {
                    *b = (i * 7 % 251) as u8;
                }
                let mask = Rect::new(10, 8, 30, 20);
                let mut fast = orig.copy_deep().unwrap();
                f.write_back(&mut fast, frame.clone(), &[mask]).unwrap();
                let slow = Formats { yuv: None, ..Formats::new(info.clone()).unwrap() };
                let mut whole = orig.copy_deep().unwrap();
                slow.write_back(&mut whole, frame, &[mask]).unwrap();
                let (a, b) = (fast.map_readable().unwrap(), whole.map_readable().unwrap());
                // Every plane within rounding of the converter's (which averages a 2x2 block
                // for a subsampled chroma sample too); luma within one step.
                let worst = a.iter().zip(b.iter()).map(|(x, y)| x.abs_diff(*y)).max().unwrap();
                assert!(worst <= 2, "{fmt:?} {cm}: differs by {worst}");
                let y = gst_video::VideoFrameRef::from_buffer_ref_readable(fast.as_ref(), &info).unwrap();
                let z = gst_video::VideoFrameRef::from_buffer_ref_readable(whole.as_ref(), &info).unwrap();
                let (ya, yb) = (y.plane_data(0).unwrap(), z.plane_data(0).unwrap());
                let ly = ya.iter().zip(yb.iter()).map(|(x, y)| x.abs_diff(*y)).max().unwrap();
                assert!(ly <= 1, "{fmt:?} {cm}: luma differs by {ly}");
            }
        }
    }

    #[test]
    fn a_frame_without_masks_is_untouched() {
        gst::init().unwrap();
        let info = gst_video::VideoInfo::builder(gst_video::VideoFormat::I420, 32, 16).build().unwrap();
        let f = Formats::new(info.clone()).unwrap();
        let orig = buffer_of(&info, |_, i| i as u8);
        let mut out = orig.clone();
        f.write_back(&mut out, f.to_frame(&orig).unwrap(), &[]).unwrap();
        assert_eq!(out.as_ptr(), orig.as_ptr(), "no copy, no conversion");
    }
}

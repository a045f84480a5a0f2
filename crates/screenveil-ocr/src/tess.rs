//! A small safe wrapper over libtesseract's C API (through `tesseract-sys`).
//!
//! Only what screenveil needs: init with languages, page segmentation mode, raw pixel input,
//! a recognition rectangle, and word boxes with confidences from the ResultIterator. One
//! `Tesseract` is one engine; it is `Send` but not `Sync`, so each OCR worker owns its own.

use std::ffi::{CStr, CString};
use std::os::raw::c_int;
use std::ptr::NonNull;

use tesseract_sys as sys;

use crate::geom::Rect;

#[derive(Clone, Debug, thiserror::Error)]
pub enum TessError {
    #[error("tesseract language data '{first}' is missing for '{langs}' (Debian: apt-get install tesseract-ocr-{first})")]
    Init { langs: String, first: String },
    #[error("tesseract language data for '{langs}' is installed but could not be loaded (Debian: apt-get install --reinstall tesseract-ocr-{first})")]
    Unreadable { langs: String, first: String },
    #[error("invalid language list '{0}'")]
    BadLangs(String),
    #[error("tesseract recognition failed")]
    Recognize,
    #[error("image buffer does not match its size")]
    BadImage,
    #[error("tesseract refused its setting '{0}'")]
    Setting(String),
}

/// Dictionaries tesseract loads at start-up, all off. Screen text has no dictionary words
/// half the time (keys, IDs, passwords); a dictionary "corrects" `xQ7v!k2Lp9` towards words
/// and hides secrets from the detectors. These are init-only parameters: set after the
/// engine has started they are accepted and change nothing.
const NO_DICTIONARIES: &[&str] = &["load_system_dawg", "load_freq_dawg", "load_punc_dawg", "load_number_dawg", "load_unambig_dawg", "load_bigram_dawg"];

/// Engines start one at a time: tesseract keeps some settings (its debug file) process-wide,
/// and two starting together race on them.
static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Page segmentation modes screenveil uses (tesseract's `PSM_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Psm {
    /// Full layout analysis (3).
    Auto,
    /// One uniform block of text (6).
    Block,
    /// One text line (7).
    Line,
    /// Sparse text, no order (11).
    Sparse,
}

impl Psm {
    fn raw(self) -> sys::TessPageSegMode {
        match self {
            Psm::Auto => sys::TessPageSegMode_PSM_AUTO,
            Psm::Block => sys::TessPageSegMode_PSM_SINGLE_BLOCK,
            Psm::Line => sys::TessPageSegMode_PSM_SINGLE_LINE,
            Psm::Sparse => sys::TessPageSegMode_PSM_SPARSE_TEXT,
        }
    }
}

/// One recognised word in the coordinates of the image given to [`Tesseract::recognize`].
#[derive(Clone, Debug)]
pub struct RawWord {
    pub text: String,
    pub rect: Rect,
    pub conf: f32,
    /// Index of the text line this word belongs to, in reading order.
    pub line: u32,
}

pub struct Tesseract {
    api: NonNull<sys::TessBaseAPI>,
    langs: String,
}

// The engine has no thread affinity; it just must not be used from two threads at once,
// which `&mut self` on every call guarantees.
unsafe impl Send for Tesseract {}

/// Where tesseract looks for `*.traineddata`: `TESSDATA_PREFIX`, else Debian's locations.
fn tessdata_dir() -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os("TESSDATA_PREFIX") {
        let p = std::path::PathBuf::from(p);
        return Some(if p.join("tessdata").is_dir() { p.join("tessdata") } else { p });
    }
    ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.is_dir())
}

/// The first language of `langs` whose data file is not installed, if the data directory is known.
fn missing_language(langs: &str) -> Option<String> {
    let dir = tessdata_dir()?;
    langs.split('+').find(|l| !dir.join(format!("{l}.traineddata")).is_file()).map(str::to_string)
}

/// Fails, without starting an engine, when a language of `langs` is not installed: a pool
/// whose engines load in the background still reports a missing language before any work.
pub fn check_installed(langs: &str) -> Result<(), TessError> {
    match missing_language(langs) {
        Some(first) => Err(TessError::Init { langs: langs.to_string(), first }),
        None => Ok(()),
    }
}

impl Tesseract {
    /// Starts an engine for `langs` (tesseract's `eng+jpn` syntax), LSTM only.
    pub fn new(langs: &str) -> Result<Tesseract, TessError> {
        if langs.is_empty() || !langs.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '_') {
            return Err(TessError::BadLangs(langs.to_string()));
        }
        let c_langs = CString::new(langs).map_err(|_| TessError::BadLangs(langs.into()))?;
        // Checked up front: tesseract's own init failure prints several lines to stderr.
        if let Some(missing) = missing_language(langs) {
            return Err(TessError::Init { langs: langs.to_string(), first: missing });
        }
        let _one_at_a_time = STARTING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // SAFETY: plain constructor; NULL is handled below.
        let api = NonNull::new(unsafe { sys::TessBaseAPICreate() }).ok_or(TessError::Recognize)?;
        let names: Vec<CString> = NO_DICTIONARIES.iter().map(|n| CString::new(*n).expect("static")).collect();
        let zero = CString::new("0").expect("static");
        let mut name_ptrs: Vec<*mut std::os::raw::c_char> = names.iter().map(|n| n.as_ptr().cast_mut()).collect();
        let mut value_ptrs: Vec<*mut std::os::raw::c_char> = names.iter().map(|_| zero.as_ptr().cast_mut()).collect();
        // SAFETY: api is valid; datapath NULL means the compiled-in/TESSDATA_PREFIX path; the
        // name and value arrays hold `names.len()` NUL-terminated strings that outlive the
        // call, which only reads them.
        let rc = unsafe {
            sys::TessBaseAPIInit4(
                api.as_ptr(),
                std::ptr::null(),
                c_langs.as_ptr(),
                sys::TessOcrEngineMode_OEM_LSTM_ONLY,
                std::ptr::null_mut(),
                0,
                name_ptrs.as_mut_ptr(),
                value_ptrs.as_mut_ptr(),
                names.len(),
                0,
            )
        };
        let mut t = Tesseract { api, langs: langs.to_string() };
        if rc != 0 {
            let first = langs.split('+').next().unwrap_or("eng").to_string();
            return Err(TessError::Unreadable { langs: langs.to_string(), first });
        }
        for name in NO_DICTIONARIES {
            if t.bool_var(name) != Some(false) {
                return Err(TessError::Setting((*name).to_string()));
            }
        }
        t.set_var("debug_file", "/dev/null")?;
        // Crops are already dark-on-light (crop::normalise); tesseract's own second reading of
        // each unsure line as inverted text only costs time.
        t.set_var("tessedit_do_invert", "0")?;
        Ok(t)
    }

    /// A boolean setting's value as the engine holds it; `None` for an unknown name.
    fn bool_var(&self, name: &str) -> Option<bool> {
        let n = CString::new(name).ok()?;
        let mut v: c_int = 0;
        // SAFETY: valid handle, NUL-terminated name, and an int to write to.
        let known = unsafe { sys::TessBaseAPIGetBoolVariable(self.api.as_ptr(), n.as_ptr(), &mut v) };
        (known != 0).then_some(v != 0)
    }

    pub fn langs(&self) -> &str {
        &self.langs
    }

    /// Sets a run-time setting; an unknown name or refused value is an error, never ignored.
    fn set_var(&mut self, name: &str, value: &str) -> Result<(), TessError> {
        let bad = || TessError::Setting(name.to_string());
        let (n, v) = (CString::new(name).map_err(|_| bad())?, CString::new(value).map_err(|_| bad())?);
        // SAFETY: valid handle and NUL-terminated strings that outlive the call.
        let ok = unsafe { sys::TessBaseAPISetVariable(self.api.as_ptr(), n.as_ptr(), v.as_ptr()) };
        if ok == 0 { Err(bad()) } else { Ok(()) }
    }

    pub fn set_psm(&mut self, psm: Psm) {
        // SAFETY: valid handle.
        unsafe { sys::TessBaseAPISetPageSegMode(self.api.as_ptr(), psm.raw()) };
    }

    /// Recognises an 8-bit grey image (`width × height`, rows `stride` bytes apart), limited
    /// to `roi` when given, and returns its words in image coordinates.
    pub fn recognize(&mut self, gray: &[u8], width: u32, height: u32, stride: usize, roi: Option<Rect>) -> Result<Vec<RawWord>, TessError> {
        if width == 0 || height == 0 || stride < width as usize || gray.len() < stride * (height as usize - 1) + width as usize {
            return Err(TessError::BadImage);
        }
        let api = self.api.as_ptr();
        // SAFETY: the buffer is valid for the size checked above and outlives Recognize,
        // after which tesseract holds no pointer into it (Clear below).
        unsafe {
            sys::TessBaseAPISetImage(api, gray.as_ptr(), width as c_int, height as c_int, 1, stride as c_int);
            sys::TessBaseAPISetSourceResolution(api, 96);
            if let Some(r) = roi {
                let r = r.clamp(width as i32, height as i32);
                sys::TessBaseAPISetRectangle(api, r.x0, r.y0, r.width(), r.height());
            }
            if sys::TessBaseAPIRecognize(api, std::ptr::null_mut()) != 0 {
                sys::TessBaseAPIClear(api);
                return Err(TessError::Recognize);
            }
        }
        let words = self.collect_words();
        // SAFETY: drops the image and results; the next call sets a new image.
        unsafe { sys::TessBaseAPIClear(api) };
        Ok(words)
    }

    fn collect_words(&mut self) -> Vec<RawWord> {
        let mut out = Vec::new();
        // SAFETY: iterator from a valid, recognised handle; deleted before return. Text
        // pointers are copied and freed with TessDeleteText.
        unsafe {
            let it = sys::TessBaseAPIGetIterator(self.api.as_ptr());
            if it.is_null() {
                return out;
            }
            let word = sys::TessPageIteratorLevel_RIL_WORD;
            let mut line: i32 = -1;
            loop {
                let pit = sys::TessResultIteratorGetPageIteratorConst(it);
                if sys::TessPageIteratorIsAtBeginningOf(pit, sys::TessPageIteratorLevel_RIL_TEXTLINE) != 0 {
                    line += 1;
                }
                let txt = sys::TessResultIteratorGetUTF8Text(it, word);
                if !txt.is_null() {
                    let text = CStr::from_ptr(txt).to_string_lossy().trim().to_string();
                    sys::TessDeleteText(txt);
                    let (mut l, mut t, mut r, mut b) = (0, 0, 0, 0);
                    if !text.is_empty() && sys::TessPageIteratorBoundingBox(pit, word, &mut l, &mut t, &mut r, &mut b) != 0 {
                        let conf = sys::TessResultIteratorConfidence(it, word);
                        out.push(RawWord { text, rect: Rect::new(l, t, r, b), conf, line: line.max(0) as u32 });
                    }
                }
                if sys::TessResultIteratorNext(it, word) == 0 {
                    break;
                }
            }
            sys::TessResultIteratorDelete(it);
        }
        out
    }
}

impl Drop for Tesseract {
    fn drop(&mut self) {
        // SAFETY: handle owned by self, ended and deleted exactly once.
        unsafe {
            sys::TessBaseAPIEnd(self.api.as_ptr());
            sys::TessBaseAPIDelete(self.api.as_ptr());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionaries_are_off_in_every_engine() {
        // Several engines started from several threads at once: each starts alone, and each
        // holds its dictionaries off (set at init, where tesseract reads them).
        let engines: Vec<_> = (0..3).map(|_| std::thread::spawn(|| Tesseract::new("eng").expect("eng installed"))).collect();
        for e in engines {
            let t = e.join().expect("engine thread");
            for name in NO_DICTIONARIES {
                assert_eq!(t.bool_var(name), Some(false), "{name}");
            }
        }
    }

    #[test]
    fn a_refused_setting_is_an_error() {
        let mut t = Tesseract::new("eng").expect("eng installed");
        assert!(matches!(t.set_var("no_such_setting_at_all", "1"), Err(TessError::Setting(_))));
        assert!(t.set_var("tessedit_do_invert", "0").is_ok());
    }
}

//! A fixed pool of OCR worker threads, each owning warm tesseract engines.
//!
//! Engines take ~0.2 s to load and are not thread-safe, so each worker loads its own once and
//! keeps it. Work is spread through a bounded crossbeam channel; callers block on results, so
//! nothing busy-waits. A worker that dies (panic in the C library, say) makes its job fail,
//! which callers treat as "unanalysed" and therefore mask (fail closed).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded};

use super::crop::Crop;
use super::glyphs::{GlyphBook, Glyphs};
use super::tess::{Psm, RawWord, TessError, Tesseract};
use super::{OcrConfig, TextLine, Word};

#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error(transparent)]
    Tess(#[from] TessError),
    #[error("an OCR worker stopped unexpectedly")]
    WorkerDied,
}

/// When a crop is also read with the fallback languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fallback {
    /// When the primary reading is doubtful: low confidence, or too few characters for its
    /// width (CJK read as Latin). What a still screen and a recording with foreign script get.
    OnDoubt,
    /// Only when the primary reading has the shape of misread CJK (too few characters for its
    /// width, or Latin letters as wide as square glyphs). A recording that has shown no foreign
    /// script yet: its low-confidence Latin crops (terminal type, slivers of scrolling rows)
    /// made the fallback 43 % of a terminal recording's OCR, and it rarely won there.
    OnShape,
    /// Always, the fallback's same-script reading accepted more readily (a second pass on a
    /// screen known to contain that script).
    Forced,
}

struct Job {
    idx: u64,
    crop: Crop,
    fallback: Fallback,
    reply: Sender<(u64, Result<Vec<TextLine>, OcrError>)>,
}

/// Pool of OCR workers. Dropping it stops the workers.
pub struct OcrPool {
    primary: String,
    tx: Option<Sender<Job>>,
    handles: Vec<thread::JoinHandle<()>>,
    startup: std::sync::Mutex<Startup>,
    /// Nanoseconds the workers spent reading, all together (the profile's OCR share).
    busy_ns: Arc<AtomicU64>,
    /// Each worker's CPU-time clock, once it runs: what [`progress`](Self::progress) sums.
    clocks: Arc<std::sync::Mutex<Vec<libc::clockid_t>>>,
    /// Lines read from the glyph book, and lines offered to it.
    book_reads: Arc<(AtomicU64, AtomicU64)>,
}

/// Where the workers' engine start-up stands (see [`OcrPool::start`]).
enum Startup {
    /// Each worker answers once on this channel when its first engine is loaded.
    Pending(Receiver<Result<(), TessError>>),
    Ready,
    Failed(Option<TessError>),
}

impl OcrPool {
    /// Starts the workers and waits until each has loaded all its engines, so a broken
    /// language is reported here, once, before any frame is processed, and no reading of a
    /// live stream waits for an engine to load.
    pub fn new(cfg: &OcrConfig) -> Result<OcrPool, OcrError> {
        let pool = Self::spawn(cfg, true)?;
        pool.wait_ready()?;
        Ok(pool)
    }

    /// Starts the workers and returns at once; each loads its primary engine in the
    /// background and a fallback engine only when a crop first needs it. A one-shot job (a
    /// screenshot) decodes its input and searches its regions meanwhile: loading the four
    /// engines one after another was over a third of a screenshot's time. Languages that are
    /// not installed are still reported here; the first reading waits for the engines.
    pub fn start(cfg: &OcrConfig) -> Result<OcrPool, OcrError> {
        Self::spawn(cfg, false)
    }

    fn spawn(cfg: &OcrConfig, eager: bool) -> Result<OcrPool, OcrError> {
        super::tess::check_installed(&cfg.primary)?;
        for l in &cfg.fallback {
            super::tess::check_installed(l)?;
        }
        let threads = if cfg.threads == 0 { thread::available_parallelism().map_or(2, |n| n.get()) } else { cfg.threads };
        let (tx, rx) = bounded::<Job>(threads * 4);
        let (ready_tx, ready_rx) = bounded::<Result<(), TessError>>(threads);
        let mut handles = Vec::with_capacity(threads);
        let busy_ns = Arc::new(AtomicU64::new(0));
        let clocks = Arc::new(std::sync::Mutex::new(Vec::with_capacity(threads)));
        let book = cfg.glyph_book.then(|| Arc::new(GlyphBook::default()));
        let book_reads: Arc<(AtomicU64, AtomicU64)> = Arc::default();
        for i in 0..threads {
            let rx = rx.clone();
            let cfg = cfg.clone();
            let ready = ready_tx.clone();
            let busy = busy_ns.clone();
            let clocks = clocks.clone();
            let book = Shelf { book: book.clone(), reads: book_reads.clone() };
            let h = thread::Builder::new()
                .name(format!("ocr-{i}"))
                .spawn(move || {
                    register_clock(&clocks);
                    worker(cfg, eager, rx, ready, busy, book)
                })
                .map_err(|_| OcrError::WorkerDied)?;
            handles.push(h);
        }
        Ok(OcrPool {
            primary: cfg.primary.clone(),
            tx: Some(tx),
            handles,
            startup: std::sync::Mutex::new(Startup::Pending(ready_rx)),
            busy_ns,
            clocks,
            book_reads,
        })
    }

    /// Waits until every worker has its first engine; the first start-up error, if any.
    pub fn wait_ready(&self) -> Result<(), OcrError> {
        let mut st = self.startup.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Startup::Pending(rx) = &*st {
            let mut res = Startup::Ready;
            for _ in 0..self.handles.len() {
                match rx.recv() {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => {
                        res = Startup::Failed(Some(e));
                        break;
                    }
                    Err(_) => {
                        res = Startup::Failed(None);
                        break;
                    }
                }
            }
            *st = res;
        }
        match &*st {
            Startup::Failed(Some(e)) => Err(OcrError::Tess(e.clone())),
            Startup::Failed(None) => Err(OcrError::WorkerDied),
            _ => Ok(()),
        }
    }

    /// The primary OCR language.
    pub fn primary(&self) -> &str {
        &self.primary
    }

    /// Reads every crop; results come back in input order, one `Vec<TextLine>` per crop.
    pub fn read(&self, crops: Vec<Crop>) -> Result<Vec<Vec<TextLine>>, OcrError> {
        self.read_with(crops, false)
    }

    /// Like [`read`](Self::read), trying the fallback languages on every crop.
    pub fn read_forcing_fallback(&self, crops: Vec<Crop>) -> Result<Vec<Vec<TextLine>>, OcrError> {
        self.read_with(crops, true)
    }

    /// Queues one crop without waiting for it; its reading arrives on `reply` tagged with `key`.
    /// Blocks only while the job queue is full (back-pressure). Fails when no worker is left.
    pub fn submit(&self, key: u64, crop: Crop, reply: Sender<(u64, Result<Vec<TextLine>, OcrError>)>) -> Result<(), OcrError> {
        self.wait_ready()?;
        let tx = self.tx.as_ref().ok_or(OcrError::WorkerDied)?;
        tx.send(Job { idx: key, crop, fallback: Fallback::OnDoubt, reply }).map_err(|_| OcrError::WorkerDied)
    }

    /// Like [`submit`](Self::submit) but never blocks: a full queue hands the crop back.
    /// `fallback` says when the fallback languages are tried (see [`Fallback`]).
    pub fn try_submit(&self, key: u64, crop: Crop, fallback: Fallback, reply: Sender<(u64, Result<Vec<TextLine>, OcrError>)>) -> Result<(), Option<Crop>> {
        if self.wait_ready().is_err() {
            return Err(None);
        }
        let tx = self.tx.as_ref().ok_or(None)?;
        tx.try_send(Job { idx: key, crop, fallback, reply }).map_err(|e| match e {
            crossbeam_channel::TrySendError::Full(j) => Some(j.crop),
            crossbeam_channel::TrySendError::Disconnected(_) => None,
        })
    }

    /// Number of worker threads.
    pub fn workers(&self) -> usize {
        self.handles.len()
    }

    /// Lines read from the glyph book, and lines it was asked for (one line, clear of the
    /// crop's edges).
    pub fn book_reads(&self) -> (u64, u64) {
        (self.book_reads.0.load(Ordering::Relaxed), self.book_reads.1.load(Ordering::Relaxed))
    }

    /// Time the workers have spent reading so far, summed over workers.
    pub fn busy(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.busy_ns.load(Ordering::Relaxed))
    }

    /// CPU time the workers have used so far, readings in progress included. It grows while
    /// any worker computes, however starved of CPU it is, and stands still when they are all
    /// blocked or gone: the difference between slow OCR and stalled OCR.
    pub fn progress(&self) -> std::time::Duration {
        let clocks = self.clocks.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut total = std::time::Duration::ZERO;
        for &c in clocks.iter() {
            let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
            // SAFETY: a clock id from pthread_getcpuclockid and a timespec to write; a worker
            // that has ended makes the call fail, and it is skipped.
            if unsafe { libc::clock_gettime(c, &mut ts) } == 0 {
                total += std::time::Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32);
            }
        }
        total
    }

    fn read_with(&self, crops: Vec<Crop>, force_fallback: bool) -> Result<Vec<Vec<TextLine>>, OcrError> {
        self.wait_ready()?;
        let n = crops.len();
        let (rtx, rrx) = bounded(n.max(1));
        let tx = self.tx.as_ref().ok_or(OcrError::WorkerDied)?;
        // Sending blocks when the queue is full; a feeder thread keeps the caller free to
        // collect results so the bounded queues cannot deadlock.
        thread::scope(|s| -> Result<Vec<Vec<TextLine>>, OcrError> {
            // Largest crops first: the workers finish together instead of one reading a
            // wide block at the end while the other waits (longest-processing-time order).
            let mut order: Vec<(usize, Crop)> = crops.into_iter().enumerate().collect();
            order.sort_by_key(|(_, c)| std::cmp::Reverse(c.width as u64 * c.height as u64));
            let feeder = s.spawn(move || {
                for (idx, crop) in order {
                    if tx
                        .send(Job { idx: idx as u64, crop, fallback: if force_fallback { Fallback::Forced } else { Fallback::OnDoubt }, reply: rtx.clone() })
                        .is_err()
                    {
                        return;
                    }
                }
            });
            let mut out: Vec<Option<Vec<TextLine>>> = vec![None; n];
            for _ in 0..n {
                let (idx, res) = rrx.recv().map_err(|_| OcrError::WorkerDied)?;
                out[idx as usize] = Some(res?);
            }
            feeder.join().map_err(|_| OcrError::WorkerDied)?;
            out.into_iter().map(|o| o.ok_or(OcrError::WorkerDied)).collect()
        })
    }
}

impl Drop for OcrPool {
    fn drop(&mut self) {
        self.tx.take();
        for h in self.handles.drain(..) {
            let _ = h.join();
        }
    }
}

/// Tesseract's OpenMP threads make it several times slower on small machines (the pool is
/// the parallelism). The binary sets `OMP_THREAD_LIMIT=1` before libgomp loads; a host that
/// loads us as a library (gst-launch with the plugin) has loaded it already. Tesseract asks
/// for its thread counts explicitly, so only an inactive parallel level helps: each worker
/// thread allows no active level (every region then runs on one thread), through libgomp's
/// symbol where it is present.
fn single_threaded_openmp() {
    // SAFETY: dlsym with RTLD_DEFAULT looks a symbol up in the loaded objects; the name is a
    // NUL-terminated literal. The symbol, where found, is libgomp's
    // `void omp_set_max_active_levels(int)`.
    unsafe {
        let sym = libc::dlsym(libc::RTLD_DEFAULT, c"omp_set_max_active_levels".as_ptr());
        if !sym.is_null() {
            let set: extern "C" fn(libc::c_int) = std::mem::transmute(sym);
            set(0);
        }
    }
}

/// Records the calling thread's CPU-time clock for [`OcrPool::progress`].
fn register_clock(clocks: &std::sync::Mutex<Vec<libc::clockid_t>>) {
    let mut c: libc::clockid_t = 0;
    // SAFETY: pthread_self is always valid for the calling thread; `c` is written on success.
    if unsafe { libc::pthread_getcpuclockid(libc::pthread_self(), &mut c) } == 0 {
        clocks.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(c);
    }
}

/// The glyph book the workers share, and its counts.
struct Shelf {
    book: Option<Arc<GlyphBook>>,
    reads: Arc<(AtomicU64, AtomicU64)>,
}

fn worker(cfg: OcrConfig, eager: bool, rx: Receiver<Job>, ready: Sender<Result<(), TessError>>, busy: Arc<AtomicU64>, shelf: Shelf) {
    single_threaded_openmp();
    let mut engines = Engines::new(&cfg);
    let started = (|| -> Result<(), TessError> {
        let n = if eager { engines.langs.len() } else { 1 };
        for i in 0..n {
            engines.get(i)?;
        }
        Ok(())
    })();
    let failed = started.is_err();
    let _ = ready.send(started);
    if failed {
        return;
    }
    drop(ready);
    // OCR is the bulk work; decoding, change detection and encoding must not starve behind
    // it (live latency), so OCR threads run at a lower priority.
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority on this thread's id (Linux: per-thread nice); failure is harmless.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 5);
    }
    for job in rx.iter() {
        let t0 = std::time::Instant::now();
        // A panic inside one reading fails that job only; the caller masks what it could
        // not read, and this worker goes on with the next job.
        let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_crop(&mut engines, &job.crop, cfg.fallback_below, job.fallback, &shelf)));
        let res = match res {
            Ok(r) => r.map_err(OcrError::from),
            Err(_) => Err(OcrError::WorkerDied),
        };
        busy.fetch_add(t0.elapsed().as_nanos() as u64, Ordering::Relaxed);
        let _ = job.reply.send((job.idx, res));
    }
}

/// One worker's engines: the primary language first, then the fallbacks, each started when
/// first asked for.
struct Engines {
    langs: Vec<String>,
    loaded: Vec<Option<Tesseract>>,
}

impl Engines {
    fn new(cfg: &OcrConfig) -> Engines {
        let langs: Vec<String> = std::iter::once(cfg.primary.clone()).chain(cfg.fallback.iter().cloned()).collect();
        Engines { loaded: langs.iter().map(|_| None).collect(), langs }
    }

    fn get(&mut self, i: usize) -> Result<&mut Tesseract, TessError> {
        let slot = &mut self.loaded[i];
        if slot.is_none() {
            *slot = Some(Tesseract::new(&self.langs[i])?);
        }
        slot.as_mut().ok_or(TessError::Recognize)
    }
}

/// Reads one crop with the primary engine, then with fallbacks if confidence is low.
///
/// A fallback reading replaces the primary one only when it is clearly better and either
/// contains its own script (CJK read by `jpn`) or the primary reading is poor: fallback
/// models also "read" Latin text, confidently but worse (`.` dropped from e-mails).
fn read_crop(engines: &mut Engines, crop: &Crop, fallback_below: f32, mode: Fallback, shelf: &Shelf) -> Result<Vec<TextLine>, TessError> {
    let force = mode == Fallback::Forced;
    // A second reading asked for in the fallback language never comes from the book.
    let glyphs = shelf.book.as_ref().filter(|_| !force).and_then(|_| Glyphs::of(crop));
    if let (Some(book), Some(g)) = (&shelf.book, &glyphs) {
        shelf.reads.1.fetch_add(1, Ordering::Relaxed);
        // A reading shaped like CJK read as Latin (too few letters for its width, square
        // ones) still goes to the engines and their fallback, as tesseract's own would.
        if let Some(lines) =
            book.read(crop, g).map(|w| split_cells(w, &engines.langs[0])).filter(|ls| !wants_fallback(mode, quality(ls), fallback_below, ls, crop))
        {
            shelf.reads.0.fetch_add(1, Ordering::Relaxed);
            return Ok(lines);
        }
    }
    let mut best: Option<(f32, Vec<TextLine>)> = None;
    let n = engines.langs.len();
    for i in 0..n {
        let eng = engines.get(i)?;
        eng.set_psm(Psm::Block);
        let raw = eng.recognize(&crop.pixels, crop.width, crop.height, crop.width as usize, None)?;
        if let (0, Some(book), Some(g)) = (i, &shelf.book, &glyphs) {
            book.learn(crop, g, &raw);
        }
        let lines = to_lines(raw, crop, eng.langs());
        let score = quality(&lines);
        match &best {
            None => {
                let done = !wants_fallback(mode, score, fallback_below, &lines, crop);
                best = Some((score, lines));
                if (done && !force) || i + 1 == n {
                    break;
                }
            }
            Some((b, first)) => {
                let own_script = lines.iter().any(|l| l.text.chars().any(is_non_latin_letter));
                let better = if force {
                    // Square "letters" are CJK glyphs the primary model misread: their reading
                    // is doubtful however confident, and a lower-rated fallback reading wins.
                    let slack = if square_latin(first) { 15.0 } else { 5.0 };
                    own_script && score >= *b - slack && keeps_addresses(first, &lines)
                } else {
                    score > *b + 8.0 && (own_script || *b < 50.0)
                };
                if better {
                    best = Some((score, lines));
                }
            }
        }
    }
    let lines = best.map(|b| b.1).unwrap_or_default();
    Ok(if lines.is_empty() { unread_row_placeholder(crop, engines.langs[0].as_str()).into_iter().collect() } else { lines })
}

/// Whether a primary reading (`score`, its weighted confidence) is read again with the
/// fallback languages.
fn wants_fallback(mode: Fallback, score: f32, fallback_below: f32, lines: &[TextLine], crop: &Crop) -> bool {
    match mode {
        Fallback::Forced => true,
        Fallback::OnDoubt => score < fallback_below || too_few_chars(lines, crop),
        Fallback::OnShape => too_few_chars(lines, crop) || square_latin(lines),
    }
}

/// A row in which no engine found a word at all: type too small to read (10 px or less, four
/// times as wide as tall), or a row of ordinary type (up to 40 px, 2.5 times as wide as
/// tall) that no model could read ("渡辺 彩" in small kanji). One placeholder word of
/// confidence 0 over it, so the detectors' policy masks it as unreadable instead of the row
/// vanishing as if it held no text. (An icon is about as wide as tall.)
fn unread_row_placeholder(crop: &Crop, lang: &str) -> Option<TextLine> {
    let pad = (crop.origin.height() / 6).max(3);
    let r = crop.origin.pad(-pad, -pad);
    let (w, h) = (r.width(), r.height());
    let tiny = crate::text::TINY_ROW_MAX;
    let row = (1..=tiny).contains(&h) && w >= 4 * h || (tiny + 1..=40).contains(&h) && 2 * w >= 5 * h;
    row.then(|| TextLine::new(vec![Word { text: crate::text::UNREAD.into(), rect: r, conf: 0.0 }], lang))
}

/// A Latin reading of CJK text is short for its width (CJK glyphs are square, Latin ones
/// about half as wide), even when tesseract is confident about it.
fn too_few_chars(lines: &[TextLine], crop: &Crop) -> bool {
    let chars: usize = lines.iter().map(|l| l.text.chars().filter(|c| !c.is_whitespace()).count()).sum();
    let text_h = crop.height as f32 / 1.5;
    let expected = crop.width as f32 / (0.55 * text_h.max(1.0));
    (chars as f32) < 0.45 * expected
}

/// Whether a primary reading has a word of two letters or more as wide per character as its
/// line is tall: Latin letters are about half as wide, CJK glyphs square.
fn square_latin(lines: &[TextLine]) -> bool {
    lines.iter().any(|l| {
        let h = l.words.iter().map(|w| w.rect.height()).max().unwrap_or(0) as f32;
        l.words.iter().any(|w| {
            let letters = w.text.chars().filter(|c| c.is_alphabetic()).count();
            letters >= 2 && w.rect.width() as f32 >= 0.8 * h * w.text.chars().count() as f32
        })
    })
}

/// Whether every e-mail address and URL in a primary reading is in a fallback reading as
/// written: a fallback model reads Latin text worse, and a line of both scripts (a sender's
/// name and address) may only gain its CJK part.
fn keeps_addresses(first: &[TextLine], other: &[TextLine]) -> bool {
    let theirs: Vec<&str> = other.iter().flat_map(|l| l.text.split_whitespace()).collect();
    first.iter().flat_map(|l| l.text.split_whitespace()).filter(|t| t.contains('@') || t.contains("://")).all(|t| theirs.contains(&t))
}

/// Letters of scripts the primary (Latin) model cannot produce: CJK, kana, Hangul, Cyrillic…
fn is_non_latin_letter(c: char) -> bool {
    c.is_alphabetic() && (c as u32) >= 0x0370 && !matches!(c as u32, 0x1E00..=0x1EFF)
}

/// Mean word confidence weighted by characters: a confident long reading beats short noise.
fn quality(lines: &[TextLine]) -> f32 {
    super::weighted_conf(lines.iter().flat_map(|l| &l.words))
}

fn to_lines(raw: Vec<RawWord>, crop: &Crop, lang: &str) -> Vec<TextLine> {
    let mut lines: Vec<TextLine> = Vec::new();
    let mut cur: Vec<Word> = Vec::new();
    let mut cur_line = u32::MAX;
    for w in raw {
        if w.line != cur_line && !cur.is_empty() {
            lines.extend(split_cells(std::mem::take(&mut cur), lang));
        }
        cur_line = w.line;
        cur.push(Word { text: w.text, rect: crop.to_frame(w.rect), conf: w.conf });
    }
    if !cur.is_empty() {
        lines.extend(split_cells(cur, lang));
    }
    lines
}

/// Splits a tesseract line where the gap between two words is wider than ~one text height:
/// that is a table-cell or column boundary, and each cell gets its own header context.
/// Word spaces are about a third of the height, so phrases stay whole.
pub fn split_cells(words: Vec<Word>, lang: &str) -> Vec<TextLine> {
    let mut hs: Vec<i32> = words.iter().map(|w| w.rect.height()).collect();
    hs.sort_unstable();
    let h = hs.get(hs.len() / 2).copied().unwrap_or(0).max(1) as f32;
    let mut out = Vec::new();
    let mut cur: Vec<Word> = Vec::new();
    for w in words {
        // Measured from the cell's right end so far, not its last word's: tesseract's boxes
        // of a misread monospace run overlap ("_SECRET=74" spanning the "f 962e…" after it),
        // and the last word's end is then no gap at all.
        if let Some(end) = cur.iter().map(|p| p.rect.x1).max()
            && (w.rect.x0 - end) as f32 > 1.0 * h
        {
            out.push(TextLine::new(std::mem::take(&mut cur), lang));
        }
        cur.push(w);
    }
    if !cur.is_empty() {
        out.push(TextLine::new(cur, lang));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Rect;

    #[test]
    fn progress_counts_the_workers_cpu_time() {
        let pool = OcrPool::new(&OcrConfig { threads: 2, ..Default::default() }).expect("eng installed");
        let idle = pool.progress();
        std::thread::sleep(std::time::Duration::from_millis(50));
        // Engines loaded, nothing to read: the workers block, and their CPU time stands still.
        assert!(pool.progress() - idle < std::time::Duration::from_millis(10), "idle workers make no progress");
        // A grey crop with dark bars: tesseract works on it, whatever it reads.
        let (w, h) = (600u32, 40u32);
        let px: Vec<u8> = (0..w * h).map(|i| if (i % w) % 14 < 6 && (i / w) % 40 > 8 && (i / w) % 40 < 30 { 0 } else { 255 }).collect();
        let crop = Crop { pixels: px, width: w, height: h, origin: Rect::new(0, 0, w as i32, h as i32), scale: 1.0, native: vec![] };
        pool.read(vec![crop.clone(), crop]).expect("read");
        assert!(pool.progress() > idle, "reading took CPU time: {:?} -> {:?}", idle, pool.progress());
    }

    #[test]
    fn cells_split_at_wide_gaps_only() {
        let w = |t: &str, x0: i32, x1: i32| Word { text: t.into(), rect: Rect::new(x0, 0, x1, 18), conf: 90.0 };
        let ls = split_cells(vec![w("+49", 0, 40), w("(0)89", 50, 100), w("87", 122, 140), w("410", 149, 180)], "eng");
        let t: Vec<&str> = ls.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(t, vec!["+49 (0)89", "87 410"]);
    }

    #[test]
    fn a_latin_reading_of_square_glyphs_is_doubtful() {
        let w = |t: &str, x0: i32, x1: i32| Word { text: t.into(), rect: Rect::new(x0, 0, x1, 29), conf: 79.0 };
        // "田中 大輔 11:46" read by the Latin model: two letters as wide as two kanji.
        assert!(square_latin(&[TextLine::new(vec![w("FA", 47, 101), w("ABB", 111, 170), w("11:46", 195, 253)], "eng")]));
        assert!(!square_latin(&[TextLine::new(vec![w("Anna", 0, 60), w("Kowalska", 66, 180)], "eng")]));
    }

    #[test]
    fn a_recording_without_foreign_script_reads_doubtful_latin_once() {
        // A 2x crop of a 15 px line: a dim terminal line read with low confidence, the
        // same crop read as "FA ABB" (square letters: kanji), and as too few letters.
        let crop = Crop { pixels: vec![], width: 300, height: 45, origin: Rect::new(0, 0, 150, 22), scale: 2.0, native: vec![] };
        let w = |t: &str, x0: i32, x1: i32| Word { text: t.into(), rect: Rect::new(x0, 0, x1, 30), conf: 40.0 };
        let dim = [TextLine::new(vec![w("drwxr-xr-x", 0, 150), w("build", 160, 230), w("src", 240, 290)], "eng")];
        let square = [TextLine::new(vec![w("FA", 0, 60), w("ABB", 70, 160)], "eng")];
        let few = [TextLine::new(vec![w("l", 0, 10)], "eng")];
        assert!(wants_fallback(Fallback::OnDoubt, 40.0, 70.0, &dim, &crop));
        assert!(!wants_fallback(Fallback::OnShape, 40.0, 70.0, &dim, &crop));
        assert!(wants_fallback(Fallback::OnShape, 90.0, 70.0, &square, &crop));
        assert!(wants_fallback(Fallback::OnShape, 90.0, 70.0, &few, &crop));
        assert!(!wants_fallback(Fallback::OnDoubt, 90.0, 70.0, &dim, &crop));
    }

    #[test]
    fn a_row_no_model_read_leaves_a_placeholder_an_icon_none() {
        // Regions as `crop::prepare` pads them: a 50x17 name row, a 5 px row, a 20x20 icon.
        let crop = |r: Rect| {
            let pad = (r.height() / 4).max(3);
            let origin = r.pad(pad, pad);
            Crop { pixels: vec![], width: origin.width() as u32, height: origin.height() as u32, origin, scale: 1.0, native: vec![] }
        };
        let row = unread_row_placeholder(&crop(Rect::new(604, 523, 654, 540)), "eng").expect("a row");
        assert!(crate::text::is_unread_placeholder(&row) && row.rect == Rect::new(604, 523, 654, 540), "{:?}", row.rect);
        assert!(unread_row_placeholder(&crop(Rect::new(0, 0, 60, 5)), "eng").is_some());
        assert!(unread_row_placeholder(&crop(Rect::new(0, 0, 20, 20)), "eng").is_none());
    }

    #[test]
    fn a_second_reading_keeps_every_address_as_written() {
        let l = |t: &str| vec![crate::text::word_line(t, 0, 0, 100, 20)];
        assert!(keeps_addresses(&l("WA: DBE <ksuzuki@yahoo.co.jp>"), &l("差出人: 加藤美咲 <ksuzuki@yahoo.co.jp>")));
        assert!(!keeps_addresses(&l("WA: DBE <ksuzuki@yahoo.co.jp>"), &l("差出人: 加藤美咲 <ksuzuki@yahoo.cojp>")));
        assert!(keeps_addresses(&l("FA ABB 11:46"), &l("田中大輔 11:46")));
    }
}

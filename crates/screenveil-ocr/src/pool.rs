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
use super::glyphs::GlyphBook;
use super::reading::{Engines, Shelf, read_crop};
use super::tess::TessError;
use super::{OcrConfig, TextLine};

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
}

//! The seam between the tracker and OCR: a queue that takes a crop without blocking and
//! answers later on a channel, tagged with the crop's content key.
//!
//! [`OcrPool`] (tesseract workers) is the product's reader. [`Faults`] wraps one to make it
//! die or stall on cue (the live path's own diagnostics), per instance rather than through
//! process-wide switches. [`Scripted`] reads nothing: it answers from a script, holds jobs,
//! fails or plays dead on command, so the tracker's state machine is tested without OCR.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crossbeam_channel::Sender;

use super::crop::Crop;
use super::pool::{OcrError, OcrPool};
use crate::geom::Rect;
use crate::text::{TextLine, Word};

/// A finished reading: the content key it was asked for, its lines in frame pixels.
pub type Reading = (u64, Result<Vec<TextLine>, OcrError>);

/// What the tracker needs of OCR.
pub trait Reader: Send {
    /// The primary OCR language (a reading in another script may be asked for again).
    fn primary(&self) -> &str;

    /// Queues one crop; its reading arrives on `reply`. Never blocks: a full queue hands the
    /// crop back (`Err(Some)`, try later), a reader with no worker left refuses it for good
    /// (`Err(None)`: the region stays masked). `fallback` says when the fallback languages are tried.
    fn try_submit(&self, key: u64, crop: Crop, fallback: crate::pool::Fallback, reply: Sender<Reading>) -> Result<(), Option<Crop>>;

    /// Time spent reading so far, summed over workers (for the profile; zero if unknown).
    fn busy(&self) -> std::time::Duration {
        std::time::Duration::ZERO
    }

    /// A measure that grows while the reader is working on something (its workers' CPU
    /// time), so a starved reader is told from a stalled one; constant if unknown.
    fn progress(&self) -> std::time::Duration {
        std::time::Duration::ZERO
    }

    /// Lines read from the glyph book so far (see [`crate::glyphs`]), not by an engine.
    fn book_reads(&self) -> u64 {
        0
    }
}

impl Reader for OcrPool {
    fn primary(&self) -> &str {
        OcrPool::primary(self)
    }

    fn try_submit(&self, key: u64, crop: Crop, fallback: crate::pool::Fallback, reply: Sender<Reading>) -> Result<(), Option<Crop>> {
        OcrPool::try_submit(self, key, crop, fallback, reply)
    }

    fn busy(&self) -> std::time::Duration {
        OcrPool::busy(self)
    }

    fn progress(&self) -> std::time::Duration {
        OcrPool::progress(self)
    }

    fn book_reads(&self) -> u64 {
        OcrPool::book_reads(self).0
    }
}

/// Switches of a [`Faults`] reader, kept by whoever triggers them.
#[derive(Debug, Default)]
pub struct FaultSwitch {
    dead: AtomicBool,
    /// Milliseconds after `epoch` until which every crop is refused as if the queue were full.
    stall_until_ms: AtomicU64,
    epoch: std::sync::OnceLock<Instant>,
}

impl FaultSwitch {
    fn now_ms(&self) -> u64 {
        self.epoch.get_or_init(Instant::now).elapsed().as_millis() as u64
    }

    /// Every worker is gone from now on: nothing more is read.
    pub fn kill(&self) {
        self.dead.store(true, Ordering::SeqCst);
    }

    /// No reading finishes for `ms` milliseconds from now (CPU starved, a reading stuck).
    pub fn stall_for(&self, ms: u64) {
        let until = self.now_ms() + ms;
        self.stall_until_ms.store(until, Ordering::SeqCst);
    }
}

/// A reader that dies or stalls when its [`FaultSwitch`] says so.
pub struct Faults<R> {
    inner: R,
    switch: Arc<FaultSwitch>,
}

impl<R: Reader> Faults<R> {
    pub fn new(inner: R) -> (Faults<R>, Arc<FaultSwitch>) {
        let switch = Arc::new(FaultSwitch::default());
        switch.now_ms();
        (Faults { inner, switch: switch.clone() }, switch)
    }
}

impl<R: Reader> Reader for Faults<R> {
    fn primary(&self) -> &str {
        self.inner.primary()
    }

    fn try_submit(&self, key: u64, crop: Crop, fallback: crate::pool::Fallback, reply: Sender<Reading>) -> Result<(), Option<Crop>> {
        if self.switch.dead.load(Ordering::SeqCst) {
            return Err(None);
        }
        if self.switch.now_ms() < self.switch.stall_until_ms.load(Ordering::SeqCst) {
            return Err(Some(crop));
        }
        self.inner.try_submit(key, crop, fallback, reply)
    }

    fn busy(&self) -> std::time::Duration {
        self.inner.busy()
    }

    fn progress(&self) -> std::time::Duration {
        self.inner.progress()
    }
}

/// How a [`Scripted`] reader answers the next crops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// At once, from the script.
    Answer,
    /// Not until [`ScriptHandle::release`] (a stalled or very slow OCR).
    Hold,
    /// With an error (a reading that crashed).
    Fail,
    /// Refuses every crop: no worker left.
    Dead,
    /// Hands every crop back: the queue is full.
    Full,
}

type Script = dyn Fn(Rect) -> Vec<TextLine> + Send + Sync;

struct Shared {
    script: Box<Script>,
    mode: Mutex<Mode>,
    held: Mutex<Vec<(u64, Rect, Sender<Reading>)>>,
    reads: AtomicUsize,
    /// Crops still taken before the queue counts as full (see [`ScriptHandle::allow`]).
    budget: AtomicUsize,
    /// What [`Reader::progress`] reports, in milliseconds (moved by [`ScriptHandle::work`]).
    worked_ms: AtomicU64,
}

/// A reader for tests: the script gives the lines "read" in a crop from the crop's place in
/// the frame (what the test drew there), in frame pixels.
pub struct Scripted(Arc<Shared>);

/// The test's side of a [`Scripted`] reader once the tracker owns it.
#[derive(Clone)]
pub struct ScriptHandle(Arc<Shared>);

impl Scripted {
    pub fn new(script: impl Fn(Rect) -> Vec<TextLine> + Send + Sync + 'static) -> (Scripted, ScriptHandle) {
        let shared = Arc::new(Shared {
            script: Box::new(script),
            mode: Mutex::new(Mode::Answer),
            held: Mutex::new(Vec::new()),
            reads: AtomicUsize::new(0),
            budget: AtomicUsize::new(usize::MAX),
            worked_ms: AtomicU64::new(0),
        });
        (Scripted(shared.clone()), ScriptHandle(shared))
    }

    /// One line of `text` filling `rect`, its words spread over the width by length.
    pub fn line(text: &str, rect: Rect) -> TextLine {
        let total = text.chars().count().max(1) as f32;
        let x = |c: usize| rect.x0 + (rect.width() as f32 * c as f32 / total) as i32;
        let (mut words, mut at) = (Vec::new(), 0usize);
        for w in text.split(' ') {
            let n = w.chars().count();
            if n > 0 {
                words.push(Word { text: w.to_string(), rect: Rect::new(x(at), rect.y0, x(at + n), rect.y1), conf: 95.0 });
            }
            at += n + 1;
        }
        TextLine::new(words, "eng")
    }
}

impl ScriptHandle {
    pub fn set_mode(&self, m: Mode) {
        *self.0.mode.lock().expect("mode") = m;
    }

    /// Takes `n` more crops, then hands crops back as a full queue does (a pool busy with a
    /// screen of text while the rest waits). `usize::MAX` (the default) for no limit.
    pub fn allow(&self, n: usize) {
        self.0.budget.store(n, Ordering::SeqCst);
    }

    /// Answers every held crop from the script.
    pub fn release(&self) {
        for (key, rect, reply) in std::mem::take(&mut *self.0.held.lock().expect("held")) {
            let _ = reply.send((key, Ok((self.0.script)(rect))));
        }
    }

    /// The reader computes for `ms` more milliseconds (held crops being read slowly).
    pub fn work(&self, ms: u64) {
        self.0.worked_ms.fetch_add(ms, Ordering::SeqCst);
    }

    /// Crops taken so far (answered, held or failed).
    pub fn reads(&self) -> usize {
        self.0.reads.load(Ordering::SeqCst)
    }
}

impl Reader for Scripted {
    fn primary(&self) -> &str {
        "eng"
    }

    fn progress(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.0.worked_ms.load(Ordering::SeqCst))
    }

    fn try_submit(&self, key: u64, crop: Crop, _fallback: crate::pool::Fallback, reply: Sender<Reading>) -> Result<(), Option<Crop>> {
        let mode = *self.0.mode.lock().expect("mode");
        match mode {
            Mode::Dead => return Err(None),
            Mode::Full => return Err(Some(crop)),
            _ => {}
        }
        if self.0.budget.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |b| b.checked_sub(1)).is_err() {
            return Err(Some(crop));
        }
        self.0.reads.fetch_add(1, Ordering::SeqCst);
        let r = crop.origin;
        match mode {
            Mode::Hold => self.0.held.lock().expect("held").push((key, r, reply)),
            Mode::Fail => {
                let _ = reply.send((key, Err(OcrError::WorkerDied)));
            }
            _ => {
                let _ = reply.send((key, Ok((self.0.script)(r))));
            }
        }
        Ok(())
    }
}

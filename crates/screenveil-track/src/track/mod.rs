//! Incremental analysis of a frame sequence (recordings and live streams).
//!
//! Screens are mostly static, and OCR is the cost (~25 ms per line on one core), so a frame
//! is analysed only where it changed:
//!
//! 1. tile rows that changed since the previous frame are widened to whole-line bands;
//! 2. text regions are found again only inside those bands; regions elsewhere carry over;
//! 3. every region gets a content key (its pixels); a key already read reuses its reading
//!    wherever the region now is, so scrolled or dragged lines keep their reading and their
//!    masks follow the content without OCR;
//! 4. a new key is read once it has been on screen for `stable_frames` frames; content that
//!    changes faster (text being typed, a toast sliding in, a line half-scrolled into view)
//!    is masked while it changes — fail closed, never read-and-guess;
//! 5. the detectors run over the whole frame's lines (cheap), so labels, column headers and
//!    chat context still apply to a line read long ago;
//! 6. frames wait in a bounded look-ahead queue; when a value is recognised after it was
//!    typed, its mask is carried back over the earlier frames still queued where the same
//!    line showed a prefix of it.
//!
//! A frame leaves [`Tracker::receive_frame`] only when every region in it is read or masked.

pub mod change;
pub mod columns;
mod config;
pub mod motion;
pub mod profile;
mod readings;
mod resolve;
mod roles;
mod script;
mod temporal;
#[cfg(test)]
mod tests;
pub mod tracks;

pub use config::{TYPED_HOLD, TrackConfig};

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender, unbounded};
use serde::Serialize;

use crate::detect::policy::DetectPolicy;
use crate::detect::{self, Finding};
use crate::engine::EngineError;
use crate::frame::Frame;
use crate::geom::Rect;
use crate::ocr::OcrConfig;
use crate::ocr::reader::{Reader, Reading};
use crate::ocr::{TextLine, crop, pool::OcrPool, regions};
use crate::redact::RedactConfig;
use crate::redact::{self, Mask};

/// Longest wait for one OCR reading before the regions waiting for it are masked instead.
const READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Readings not seen for this many frames are forgotten (bounded memory on long recordings).
const FORGET_AFTER: u64 = 1800;
/// How many stall periods a reader may stay busy without finishing a reading before OCR
/// counts as stalled anyway (a reading stuck in a loop).
pub const STALL_BUSY_FACTOR: u32 = 4;

/// What happened to one region's content key.
enum KeyState {
    /// Seen, not yet stable: consecutive frames seen, last frame index and place (the crop
    /// is cut only when it is read: most changing text never is).
    Candidate { run: usize, last: u64, rect: Rect },
    /// Changed before it was stable (or was dropped unread): masked where it appears.
    Transient,
    /// Submitted to OCR at `since`; the reading will be relative to `rect`'s origin.
    Pending { rect: Rect, since: std::time::Instant },
    /// Lines relative to the region origin.
    Ready(Arc<Vec<TextLine>>),
    /// OCR failed: masked where it appears.
    Failed,
    /// Masked unread as its table column's kind (`column` is the column's left edge).
    Role { category: detect::Category, column: i32 },
}

#[derive(Clone, Copy, Debug)]
struct Region {
    rect: Rect,
    key: u64,
    kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Found by the region search: read, and carried with a scroll.
    Text,
    /// A mask the tracker placed where it did not search (a band changed under overload, an
    /// edge sliver): masked until searched, never read whole and never moved, since its
    /// pixels were never looked at for lines.
    Blind,
    /// What is left of a line a scroll cuts at its edge (a sticky header, a pane's border,
    /// the frame's edge): masked, never read, and moved with the scroll until it has gone.
    Leaving,
}

impl Region {
    fn text(rect: Rect, key: u64) -> Region {
        Region { rect, key, kind: Kind::Text }
    }

    fn blind(rect: Rect, key: u64) -> Region {
        Region { rect, key, kind: Kind::Blind }
    }

    fn leaving(rect: Rect, key: u64) -> Region {
        Region { rect, key, kind: Kind::Leaving }
    }
}

struct Queued {
    index: u64,
    frame: Frame,
    regions: Vec<Region>,
    /// Findings and masks once every region is decided.
    done: Option<(Vec<Finding>, Vec<Mask>)>,
    /// Masks carried back from later frames (typed prefixes).
    extra: Vec<Mask>,
    /// Analysed in overload mode (changed bands masked whole instead of searched).
    overloaded: bool,
}

/// Counters for the report and the benchmark.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TrackStats {
    pub frames: u64,
    pub frames_changed: u64,
    pub regions_seen: u64,
    pub ocr_reads: u64,
    pub ocr_failures: u64,
    /// Of `ocr_reads`, lines read from the glyph book instead of by tesseract.
    pub book_reads: u64,
    pub reused_readings: u64,
    pub transient_masks: u64,
    pub pending_masks: u64,
    pub carried_back_masks: u64,
    pub overload_frames: u64,
    /// Changed spans whose content was followed as a scroll (regions moved, not searched).
    pub scrolled_spans: u64,
    /// Table cells masked as their column's kind without being read (see `roles`).
    pub role_masks: u64,
    /// Where the time went, per stage.
    pub time: profile::StageTimes,
}

/// A frame after incremental analysis.
pub struct TrackedFrame {
    pub index: u64,
    pub frame: Frame,
    pub findings: Vec<Finding>,
    /// Every mask applied (findings, unread changing text, carried-back prefixes).
    pub masks: Vec<Mask>,
    /// Analysed in overload mode: changed bands were masked whole instead of searched.
    pub overloaded: bool,
}

pub struct Tracker {
    redact: RedactConfig,
    tc: TrackConfig,
    detector: detect::policy::Detector,
    pool: Box<dyn Reader>,
    params: regions::RegionParams,
    keys: HashMap<u64, (KeyState, u64)>,
    candidates: HashSet<u64>,
    tx: Sender<Reading>,
    rx: Receiver<Reading>,
    prev_gray: Option<Vec<u8>>,
    prev_regions: Vec<Region>,
    /// Finding masks of the last resolved frame with the pixels they covered.
    sticky: Vec<temporal::Sticky>,
    /// Regions of the last resolved frame with their readings (origin-relative).
    last_read: Vec<(Rect, Arc<Vec<TextLine>>)>,
    columns: columns::Columns,
    roles: roles::Roles,
    /// Readings back since column roles were last looked for.
    since_peek: usize,
    /// Pieces of credentials that spanned regions, by region content: box relative to the
    /// region's origin and category (see `Tracker::recall_found`).
    recalled: HashMap<u64, Vec<(Rect, detect::Category)>>,
    /// Fingerprint of the last detected frame's regions and its findings.
    last_detect: Option<(u64, Vec<Finding>)>,
    queue: VecDeque<Queued>,
    next_index: u64,
    flushing: bool,
    overloaded: bool,
    /// Bands masked whole under overload, to be searched when the load allows.
    unsearched: Vec<(u32, u32)>,
    last_result: std::time::Instant,
    /// The reader's last [`Reader::progress`] and when it last changed.
    progress: (std::time::Duration, std::time::Instant),
    /// Crops waiting for a free slot in the OCR queue, and whether to read them fallback
    /// language first.
    backlog: VecDeque<(u64, crop::Crop, bool)>,
    scripts: script::Scripts,
    /// Content keys of lines being typed into, with the frame of their edit.
    typed: HashMap<u64, u64>,
    pub stats: TrackStats,
}

impl Tracker {
    /// Loads the OCR engines (one per worker). Each stage brings its own settings: the
    /// tracker knows nothing of the configuration file that holds them.
    pub fn new(ocr: &OcrConfig, detect: &DetectPolicy, redact: RedactConfig, tc: TrackConfig) -> Result<Tracker, EngineError> {
        Tracker::with_reader(Box::new(OcrPool::new(ocr)?), detect, redact, tc)
    }

    /// A tracker reading through `pool` (a pool with faults for diagnostics, a scripted
    /// reader in tests).
    pub fn with_reader(pool: Box<dyn Reader>, detect: &DetectPolicy, redact: RedactConfig, tc: TrackConfig) -> Result<Tracker, EngineError> {
        let detector = detect::policy::Detector::new(detect)?;
        let (tx, rx) = unbounded();
        let stable = if tc.naive { 1 } else { tc.stable_frames.max(1) };
        let tc = TrackConfig { lookahead: tc.lookahead.max(stable).max(1), stable_frames: stable, ..tc };
        Ok(Tracker {
            redact,
            tc,
            detector,
            pool,
            params: regions::RegionParams { tiny_rows: false, ..Default::default() },
            keys: HashMap::new(),
            candidates: HashSet::new(),
            tx,
            rx,
            prev_gray: None,
            prev_regions: Vec::new(),
            sticky: Vec::new(),
            last_read: Vec::new(),
            columns: columns::Columns::default(),
            roles: roles::Roles::default(),
            since_peek: 0,
            recalled: HashMap::new(),
            last_detect: None,
            queue: VecDeque::new(),
            next_index: 0,
            flushing: false,
            overloaded: false,
            unsearched: Vec::new(),
            last_result: std::time::Instant::now(),
            progress: (std::time::Duration::ZERO, std::time::Instant::now()),
            backlog: VecDeque::new(),
            scripts: script::Scripts::default(),
            typed: HashMap::new(),
            stats: TrackStats::default(),
        })
    }

    /// Starts a new sequence (next file): forgets the previous frame, queue and readings.
    pub fn reset(&mut self) {
        self.keys.clear();
        self.candidates.clear();
        while self.rx.try_recv().is_ok() {}
        self.prev_gray = None;
        self.prev_regions.clear();
        self.unsearched.clear();
        self.sticky.clear();
        self.last_read.clear();
        self.columns.clear();
        self.roles.clear();
        self.recalled.clear();
        self.last_detect = None;
        self.backlog.clear();
        self.scripts.clear();
        self.typed.clear();
        self.queue.clear();
        self.next_index = 0;
        self.flushing = false;
        self.stats = TrackStats::default();
    }

    /// Whether OCR has stalled: readings are waiting, none has finished for `d`, and the
    /// workers have not computed anything for `d` either (dead or hung, not merely slow: a
    /// long reading on a CPU shared with the encoder takes seconds of wall time while its
    /// worker keeps working). A worker busy without end (a reading that never returns) counts
    /// as stalled after [`STALL_BUSY_FACTOR`] times `d`. Meanwhile unread text stays masked.
    pub fn ocr_stalled(&mut self, d: std::time::Duration) -> bool {
        let now = self.pool.progress();
        if now != self.progress.0 {
            self.progress = (now, std::time::Instant::now());
        }
        let waiting = self.keys.values().any(|(st, _)| matches!(st, KeyState::Pending { since, .. } if since.elapsed() > d));
        let quiet = self.last_result.elapsed();
        waiting && quiet > d && (self.progress.1.elapsed() > d || quiet > d * STALL_BUSY_FACTOR)
    }

    /// Live overload: while set, changed bands are masked whole instead of being searched for
    /// text (cheap), so latency stays bounded; readings already made still apply elsewhere.
    pub fn set_overloaded(&mut self, on: bool) {
        self.overloaded = on;
    }

    /// Frames held back before output (the look-ahead in effect).
    pub fn lookahead(&self) -> usize {
        self.tc.lookahead
    }

    /// Frames accepted but not yet returned.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// Hands a frame in. Frames of one sequence must have one size; a new size starts over.
    pub fn send_frame(&mut self, frame: Frame) -> Result<(), EngineError> {
        let index = self.next_index;
        self.next_index += 1;
        self.stats.frames += 1;
        let mut t = std::time::Instant::now();
        let gray = regions::rgb_to_gray(&frame.data, frame.width, frame.height);
        profile::lap(&mut self.stats.time.gray_ms, &mut t);
        let regions = self.find_regions(&gray, &frame)?;
        t = std::time::Instant::now();
        self.stats.regions_seen += regions.len() as u64;
        self.note_edits(index, &gray, &regions);
        let mut seen = HashSet::with_capacity(regions.len());
        for r in &regions {
            if seen.insert(r.key) {
                self.observe(r, index, &gray, &frame)?;
            }
        }
        // Candidates that did not appear in this frame changed before they were stable.
        let ended: Vec<u64> = self.candidates.iter().copied().filter(|k| !seen.contains(k)).collect();
        for k in ended {
            self.candidates.remove(&k);
            if let Some(e) = self.keys.get_mut(&k) {
                e.0 = KeyState::Transient;
            }
        }
        if index % 300 == 299 {
            let horizon = index.saturating_sub(FORGET_AFTER);
            let oldest = self.queue.front().map_or(index, |q| q.index);
            self.keys.retain(|_, (st, last)| match st {
                KeyState::Ready(_) | KeyState::Role { .. } => *last >= horizon,
                KeyState::Transient | KeyState::Failed => *last >= oldest.min(horizon),
                _ => true,
            });
        }
        self.prev_gray = Some(gray);
        self.prev_regions = regions.clone();
        self.queue.push_back(Queued { index, frame, regions, done: None, extra: Vec::new(), overloaded: self.overloaded });
        profile::lap(&mut self.stats.time.keys_ms, &mut t);
        self.drain_results(false)?;
        self.resolve_ready();
        Ok(())
    }

    /// No more frames: everything still waiting to become stable is read now.
    pub fn flush(&mut self) -> Result<(), EngineError> {
        self.flushing = true;
        // Text that was still changing when the recording ended (a value half typed) is
        // masked like any changing text; only a sequence shorter than `stable_frames` is read.
        let cands: Vec<u64> = self.candidates.drain().collect();
        let gray = self.prev_gray.take().unwrap_or_default();
        let (w, h) = self.queue.back().map_or((0, 0), |q| (q.frame.width, q.frame.height));
        for k in cands {
            let from_start = matches!(self.keys.get(&k), Some((KeyState::Candidate { run, last, .. }, _)) if *last + 1 == *run as u64);
            if from_start && gray.len() == (w * h) as usize {
                self.submit(k, &gray, w, h)?;
            } else if let Some(e) = self.keys.get_mut(&k) {
                e.0 = KeyState::Transient;
            }
        }
        self.resolve_ready();
        Ok(())
    }

    /// The oldest frame, redacted, once it may leave: when the look-ahead is full or the
    /// stream is flushed. Blocks on OCR only when it must (queue full, reading pending).
    pub fn receive_frame(&mut self) -> Result<Option<TrackedFrame>, EngineError> {
        let must = self.flushing || self.queue.len() > self.tc.lookahead;
        if !must || self.queue.is_empty() {
            return Ok(None);
        }
        self.drain_results(false)?;
        self.resolve_ready();
        if self.flushing && !self.tc.mask_pending {
            self.resolve_all()?;
        } else if !self.tc.mask_pending {
            self.settle_queue()?;
        }
        while self.queue.front().is_some_and(|q| q.done.is_none()) {
            if self.tc.mask_pending || !self.has_pending_for_front() {
                self.force_front();
                break;
            }
            self.drain_results(true)?;
            self.resolve_ready();
        }
        let Some(q) = self.queue.pop_front() else {
            return Ok(None);
        };
        let (findings, mut masks) = q.done.expect("front resolved");
        masks.extend(q.extra);
        let mut frame = q.frame;
        let t = std::time::Instant::now();
        redact::apply(&mut frame.data, frame.width, frame.height, 3, &masks, &self.redact);
        self.stats.time.mask_ms += profile::ms(t.elapsed());
        self.stats.time.ocr_ms = profile::ms(self.pool.busy());
        self.stats.book_reads = self.pool.book_reads();
        Ok(Some(TrackedFrame { index: q.index, frame, findings, masks, overloaded: q.overloaded }))
    }

    fn has_pending_for_front(&self) -> bool {
        self.queue.front().is_some_and(|q| self.has_pending(q))
    }

    fn has_pending(&self, q: &Queued) -> bool {
        q.regions.iter().any(|r| matches!(self.keys.get(&r.key), Some((KeyState::Pending { .. }, _))))
    }

    /// A recording's front frame leaves only after every reading already asked for in the
    /// look-ahead has come back and been resolved: a value recognised later in the queue is
    /// carried back over its typed prefixes in this frame (the first characters of a user
    /// name). Without the wait, whether it reached the front in time depended on how far OCR
    /// lagged behind decoding, so a slower or busier machine leaked frames a faster one masked.
    /// What stays undecided after the wait (text not yet stable) depends on content only.
    fn settle_queue(&mut self) -> Result<(), EngineError> {
        while let Some(i) = self.queue.iter().position(|q| q.done.is_none()) {
            if !self.queue.iter().skip(i).any(|q| self.has_pending(q)) {
                break;
            }
            self.drain_results(true)?;
            self.resolve_ready();
        }
        Ok(())
    }

    /// At the end of a recording every queued frame is analysed before the first one leaves:
    /// a value recognised only in the last frames is still carried back over the whole
    /// look-ahead, as it is everywhere else in the recording.
    fn resolve_all(&mut self) -> Result<(), EngineError> {
        while let Some(i) = self.queue.iter().position(|q| q.done.is_none()) {
            if self.has_pending(&self.queue[i]) {
                self.drain_results(true)?;
                self.resolve_ready();
            } else {
                self.resolve(i, true);
            }
        }
        Ok(())
    }

    /// Resolves queued frames in order while every region of the next one is decided.
    fn resolve_ready(&mut self) {
        for i in 0..self.queue.len() {
            if self.queue[i].done.is_some() {
                continue;
            }
            if !self.queue[i].regions.iter().all(|r| self.decided(r.key)) {
                break;
            }
            self.resolve(i, false);
        }
    }

    fn decided(&self, key: u64) -> bool {
        matches!(self.keys.get(&key), Some((KeyState::Ready(_) | KeyState::Failed | KeyState::Transient | KeyState::Role { .. }, _)))
    }

    /// The front frame must leave now: whatever is still undecided is masked.
    fn force_front(&mut self) {
        self.resolve(0, true);
    }
}

fn shift_line(mut l: TextLine, dx: i32, dy: i32) -> TextLine {
    for w in &mut l.words {
        w.rect = Rect::new(w.rect.x0 + dx, w.rect.y0 + dy, w.rect.x1 + dx, w.rect.y1 + dy);
    }
    l.rect = Rect::new(l.rect.x0 + dx, l.rect.y0 + dy, l.rect.x1 + dx, l.rect.y1 + dy);
    l
}

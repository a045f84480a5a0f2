//! Tunables of incremental analysis and the settings of live use.

use serde::{Deserialize, Serialize};

/// Tunables of incremental analysis (the `[video]` table of the config file).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TrackConfig {
    /// Frames held back before output (memory: one decoded frame each). Bounds how far back a
    /// late recognition can still mask a typed prefix.
    pub lookahead: usize,
    /// Frames a new text region must stay unchanged before it is read; until then it is masked.
    pub stable_frames: usize,
    /// Grey-level difference that counts as a change (ignores lossy-codec noise).
    pub diff_threshold: u8,
    /// Pixels added above and below changed rows so whole text lines are re-detected.
    pub band_margin: u32,
    /// Live use: a frame whose readings are still pending when it must leave is sent with
    /// those regions masked instead of waiting (recordings wait: best quality, same result).
    pub mask_pending: bool,
    /// Live use: frames a line that was being typed into stays masked after its last edit.
    /// A recording carries a recognised value back over its typed prefixes; live frames have
    /// left by then, and a pause mid-word ("Rya" of a name) would show the prefix.
    pub typed_hold_frames: usize,
    /// A table column whose read cells are nearly all one sensitive kind masks the cells that
    /// scroll into it as that kind, reading one in three (see `roles`). Recordings only.
    pub column_roles: bool,
    /// Benchmark baseline: find and read every region of every frame (no change detection,
    /// no reuse). Same OCR and detectors, so the ratio measures the incremental design only.
    #[serde(skip)]
    pub naive: bool,
}

/// How long a live line stays masked after it was last typed into: longer than the pauses
/// inside a word or number while typing.
pub const TYPED_HOLD: std::time::Duration = std::time::Duration::from_millis(1500);

impl TrackConfig {
    /// The settings of live use: the look-ahead is the delay line (`delay_ms` at `fps`), new
    /// text must settle within it, whatever is still unread when a frame leaves is masked, and
    /// lines being typed into stay masked for [`TYPED_HOLD`] after each edit.
    pub fn live(mut self, delay_ms: f64, fps: f64) -> TrackConfig {
        self.lookahead = ((delay_ms * fps / 1000.0) as usize).max(1);
        self.stable_frames = self.stable_frames.min(self.lookahead).max(1);
        self.mask_pending = true;
        self.typed_hold_frames = (TYPED_HOLD.as_secs_f64() * fps).ceil() as usize;
        // Live, a column's dates read as its check showed unmasked under the sticky header of
        // the dev spreadsheet (6 and 8 frames in two runs, 1 without roles): the rows above
        // them, claimed unread, give the column walk to the header no lines to follow.
        self.column_roles = false;
        self
    }
}

impl Default for TrackConfig {
    fn default() -> Self {
        TrackConfig {
            lookahead: 45,
            stable_frames: 3,
            diff_threshold: 24,
            band_margin: 48,
            mask_pending: false,
            typed_hold_frames: 0,
            column_roles: true,
            naive: false,
        }
    }
}

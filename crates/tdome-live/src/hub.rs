//! The hub: every connected viewer's outgoing queue, filled by the publisher and
//! drained by the viewer's own connection thread.
//!
//! The simulation never waits for a viewer. A frame is put on each queue under a short
//! lock; a viewer whose queue is full (it reads more slowly than frames come) has its
//! backlog thrown away and is sent a keyframe instead, and the frames it missed are
//! counted. A viewer that stops reading altogether is disconnected by its socket's write
//! timeout, and counted too.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use tungstenite::Utf8Bytes;

/// Frames a viewer may have queued before its backlog is replaced by a keyframe: about
/// half a second of frames at the publisher's rate.
pub const QUEUE_FRAMES: usize = 8;

/// One viewer's queue.
#[derive(Debug, Default)]
struct Queue {
    frames: VecDeque<Utf8Bytes>,
    /// The next frame it gets must be a keyframe (it just joined, or fell behind).
    needs_key: bool,
    /// Frames it missed by reading too slowly.
    skipped: u64,
    closed: bool,
}

#[derive(Debug, Default)]
struct Viewer {
    queue: Mutex<Queue>,
    ready: Condvar,
}

/// Counters of the hub, for the server's log and the benchmark.
#[derive(Debug, Default)]
pub struct HubCounters {
    /// Viewers that connected.
    pub connected: AtomicU64,
    /// Viewers disconnected for reading too slowly or not at all (write timeout or
    /// error), as opposed to closing themselves.
    pub dropped: AtomicU64,
    /// Frames thrown away from slow viewers' queues (replaced by keyframes).
    pub frames_skipped: AtomicU64,
    /// Frames published.
    pub frames_published: AtomicU64,
    /// Commands refused (malformed, too large, not allowed, out of range).
    pub commands_refused: AtomicU64,
    /// Commands taken.
    pub commands_taken: AtomicU64,
}

/// The viewers.
#[derive(Debug, Default)]
pub struct Hub {
    viewers: Mutex<Vec<Arc<Viewer>>>,
    /// Counters.
    pub counters: HubCounters,
}

/// A viewer's end of the hub: what its connection thread waits on.
#[derive(Debug)]
pub struct Subscription {
    viewer: Arc<Viewer>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A viewer thread that panicked leaves queues that are still consistent.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Hub {
    /// A new viewer, whose first frame will be a keyframe.
    pub fn subscribe(&self) -> Subscription {
        let viewer = Arc::new(Viewer::default());
        lock(&viewer.queue).needs_key = true;
        lock(&self.viewers).push(Arc::clone(&viewer));
        self.counters.connected.fetch_add(1, Ordering::Relaxed);
        Subscription { viewer }
    }

    /// Viewers connected now.
    pub fn viewers(&self) -> usize {
        lock(&self.viewers).len()
    }

    /// Make every viewer's next frame a keyframe (the picture was rebuilt: a replay's
    /// seek).
    pub fn request_keyframes(&self) {
        for v in lock(&self.viewers).iter() {
            let mut q = lock(&v.queue);
            q.frames.clear();
            q.needs_key = true;
        }
    }

    /// Whether some viewer waits for a keyframe.
    pub fn wants_keyframe(&self) -> bool {
        lock(&self.viewers).iter().any(|v| lock(&v.queue).needs_key)
    }

    /// Send a frame: `delta` to viewers keeping up, and `keyframe(skipped)` (made at
    /// most once per distinct `skipped`, and only when needed) to those who just joined
    /// or fell behind. Never blocks on a viewer.
    pub fn publish(&self, delta: Option<&str>, keyframe: &mut dyn FnMut(u64) -> String) {
        let mut viewers = lock(&self.viewers);
        viewers.retain(|v| !lock(&v.queue).closed);
        let delta = delta.map(|d| Utf8Bytes::from(d.to_owned()));
        let mut made: Option<(u64, Utf8Bytes)> = None;
        for v in viewers.iter() {
            let mut q = lock(&v.queue);
            if !q.needs_key && q.frames.len() >= QUEUE_FRAMES {
                // Fell behind: its backlog no longer matters once it has the whole
                // picture again.
                let n = q.frames.len() as u64;
                q.frames.clear();
                q.skipped += n;
                q.needs_key = true;
                self.counters.frames_skipped.fetch_add(n, Ordering::Relaxed);
            }
            if q.needs_key {
                let skipped = q.skipped;
                let key = match &made {
                    Some((s, k)) if *s == skipped => k.clone(),
                    _ => {
                        let k = Utf8Bytes::from(keyframe(skipped));
                        made = Some((skipped, k.clone()));
                        k
                    }
                };
                q.frames.clear();
                q.frames.push_back(key);
                q.needs_key = false;
            } else if let Some(d) = &delta {
                q.frames.push_back(d.clone());
            } else {
                continue;
            }
            v.ready.notify_one();
        }
        self.counters
            .frames_published
            .fetch_add(1, Ordering::Relaxed);
    }

    /// Send one message to one viewer (an ack or an error), after what it has queued.
    pub fn reply(&self, to: &Subscription, message: String) {
        let mut q = lock(&to.viewer.queue);
        q.frames.push_back(Utf8Bytes::from(message));
        to.viewer.ready.notify_one();
    }
}

impl Subscription {
    /// The next message for this viewer, waiting up to `timeout` for one.
    pub fn next(&self, timeout: std::time::Duration) -> Option<Utf8Bytes> {
        let mut q = lock(&self.viewer.queue);
        if q.frames.is_empty() {
            q = self
                .viewer
                .ready
                .wait_timeout(q, timeout)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        q.frames.pop_front()
    }

    /// Frames this viewer has missed so far.
    pub fn skipped(&self) -> u64 {
        lock(&self.viewer.queue).skipped
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        lock(&self.viewer.queue).closed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn drain(s: &Subscription) -> Vec<String> {
        std::iter::from_fn(|| s.next(Duration::ZERO))
            .map(|m| m.as_str().to_owned())
            .collect()
    }

    #[test]
    fn a_new_viewer_gets_a_keyframe_then_deltas() {
        let hub = Hub::default();
        let a = hub.subscribe();
        let mut keys = 0;
        let mut key = |skipped: u64| {
            keys += 1;
            format!("key{skipped}")
        };
        hub.publish(Some("d1"), &mut key);
        hub.publish(Some("d2"), &mut key);
        assert_eq!(drain(&a), ["key0", "d2"]);
        let b = hub.subscribe();
        hub.publish(Some("d3"), &mut key);
        assert_eq!(drain(&a), ["d3"]);
        assert_eq!(drain(&b), ["key0"]);
        assert_eq!(keys, 2, "a keyframe is made only when someone needs one");
    }

    #[test]
    fn a_slow_viewer_skips_to_a_keyframe_and_never_holds_up_the_rest() {
        let hub = Hub::default();
        let slow = hub.subscribe();
        let fast = hub.subscribe();
        let mut key = |skipped: u64| format!("key{skipped}");
        hub.publish(Some("d0"), &mut key); // both take their first keyframe
        drain(&fast);
        for k in 1..=QUEUE_FRAMES + 3 {
            hub.publish(Some(&format!("d{k}")), &mut key);
            drain(&fast); // the fast one keeps up
        }
        // The slow one had its keyframe and QUEUE_FRAMES − 1 deltas queued when the
        // next frame came: it lost those QUEUE_FRAMES and got a keyframe saying so, then
        // the three deltas after it.
        let got = drain(&slow);
        let q = QUEUE_FRAMES;
        assert_eq!(
            got,
            [
                format!("key{q}"),
                format!("d{}", q + 1),
                format!("d{}", q + 2),
                format!("d{}", q + 3)
            ]
        );
        assert_eq!(slow.skipped(), QUEUE_FRAMES as u64);
        assert_eq!(
            hub.counters.frames_skipped.load(Ordering::Relaxed),
            QUEUE_FRAMES as u64
        );
        assert_eq!(fast.skipped(), 0);
    }

    #[test]
    fn a_viewer_that_leaves_is_forgotten() {
        let hub = Hub::default();
        let a = hub.subscribe();
        assert_eq!(hub.viewers(), 1);
        drop(a);
        hub.publish(Some("d"), &mut |_| String::new());
        assert_eq!(hub.viewers(), 0);
    }
}

//! A process-wide pool of reusable per-cell buffers.
//!
//! Grid rules allocate several arrays of one element per cell (a 48 m² plan at 5 cm has
//! 20,000 cells). Fresh large allocations come straight from the operating system and
//! every page faults on first touch, which costs more than the computation itself in a
//! virtual machine. Buffers taken from this pool are handed back on drop and reused, so
//! repeated evaluations touch memory that is already mapped. Contents are always
//! re-initialised, so results never depend on the pool.

use std::ops::{Deref, DerefMut};
use std::sync::Mutex;

/// Buffers kept per element type; more are freed.
const MAX_POOLED: usize = 32;

/// Buffers of more elements than this (64 M) are freed rather than kept.
const MAX_POOLED_LEN: usize = 1 << 26;

/// Element types with a pool.
pub trait Pooled: Copy + Send + 'static {
    /// The zero value (`0`, `0.0`, `false`).
    const ZERO: Self;
    fn pool() -> &'static Mutex<Vec<Vec<Self>>>;
}

macro_rules! pooled {
    ($($t:ty = $zero:expr),*) => {$(
        impl Pooled for $t {
            const ZERO: $t = $zero;
            fn pool() -> &'static Mutex<Vec<Vec<$t>>> {
                static POOL: Mutex<Vec<Vec<$t>>> = Mutex::new(Vec::new());
                &POOL
            }
        }
    )*};
}

pooled!(u8 = 0, u32 = 0, f32 = 0.0, bool = false);

/// A `Vec` borrowed from the pool; derefs to the `Vec`.
#[derive(Debug, Default)]
pub struct Buf<T: Pooled>(Vec<T>);

impl<T: Pooled> Buf<T> {
    /// `n` copies of `v`.
    pub fn filled(n: usize, v: T) -> Self {
        let taken = T::pool().lock().ok().and_then(|mut p| {
            let i = p
                .iter()
                .position(|b| b.capacity() >= n)
                .or(p.len().checked_sub(1))?;
            Some(p.swap_remove(i))
        });
        let mut b = taken.unwrap_or_default();
        b.clear();
        b.resize(n, v);
        Buf(b)
    }

    /// An empty buffer with room for `n` elements.
    pub fn with_capacity(n: usize) -> Self {
        let mut b = Self::filled(0, T::ZERO);
        b.0.reserve(n);
        b
    }
}

impl<T: Pooled> Clone for Buf<T> {
    fn clone(&self) -> Self {
        let mut b = Self::with_capacity(self.len());
        b.extend_from_slice(&self.0);
        b
    }
}

impl<T: Pooled> From<Vec<T>> for Buf<T> {
    fn from(v: Vec<T>) -> Self {
        Buf(v)
    }
}

impl<T: Pooled> Deref for Buf<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T: Pooled> DerefMut for Buf<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T: Pooled> Drop for Buf<T> {
    fn drop(&mut self) {
        let v = std::mem::take(&mut self.0);
        if v.capacity() == 0 || v.capacity() > MAX_POOLED_LEN {
            return;
        }
        if let Ok(mut p) = T::pool().lock()
            && p.len() < MAX_POOLED
        {
            p.push(v);
        }
    }
}

//! `segment_count`, `summarize` and `segment_count_for` allocate nothing: a counting global allocator proves it.

use bandwidth_messaging::segment::{
    MessageKind, segment, segment_count, segment_count_for, summarize,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts the allocations made by the current thread (tests run on several threads).
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting touches only a const thread-local.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

fn texts() -> Vec<String> {
    vec![
        String::new(),
        "Hello".to_owned(),
        "a".repeat(2048),
        "{€}".repeat(700),
        "Ça coûte 5 € à Zürich. ".repeat(90),
        "你好，明天见".repeat(300),
        "Hi 😀 👨\u{200D}👩\u{200D}👧 🇫🇷 ".repeat(120),
        "a".repeat(66) + "😀" + &"b".repeat(3000),
    ]
}

#[test]
fn the_fast_paths_allocate_nothing() {
    let texts = texts();
    let mut total = 0;
    let allocations = allocations_during(|| {
        for text in &texts {
            total += segment_count(text);
            total += summarize(text).units;
            total += segment_count_for(MessageKind::Sms, text);
            total += segment_count_for(MessageKind::Mms, text);
        }
    });
    assert_eq!(allocations, 0);
    assert!(total > 0);
}

#[test]
fn the_counter_sees_allocations() {
    // `segment` returns its segments in a Vec, so the counter must see it: the test above cannot pass vacuously.
    let text = "a".repeat(400);
    let allocations = allocations_during(|| {
        assert_eq!(segment(&text).count(), 3);
    });
    assert!(allocations > 0);
}

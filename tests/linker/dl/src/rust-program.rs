// A Rust program (rustc -O, dynamically linked: the default) for Miros libc: trait objects with
// dynamic dispatch, threads sharing state through Arc<Mutex>, channels, a panic caught with
// catch_unwind (unwinding through libgcc_s, which finds frames with _dl_find_object), and an
// exit status of its own.
use std::collections::BTreeMap;
use std::panic;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

trait Shape {
    fn area(&self) -> f64;
    fn describe(&self) -> String;
}

struct Circle(f64);
struct Rectangle(f64, f64);

impl Shape for Circle {
    fn area(&self) -> f64 {
        std::f64::consts::PI * self.0 * self.0
    }
    fn describe(&self) -> String {
        format!("circle of radius {}", self.0)
    }
}

impl Shape for Rectangle {
    fn area(&self) -> f64 {
        self.0 * self.1
    }
    fn describe(&self) -> String {
        format!("{}x{} rectangle", self.0, self.1)
    }
}

fn checked_divide(a: i64, b: i64) -> i64 {
    if b == 0 {
        panic!("division of {} by zero", a);
    }
    a / b
}

fn main() {
    let shapes: Vec<Box<dyn Shape + Send>> = vec![Box::new(Circle(1.5)), Box::new(Rectangle(2.0, 3.25)), Box::new(Circle(0.5))];
    let mut total = 0.0;
    for shape in &shapes {
        println!("{} has area {:.4}", shape.describe(), shape.area());
        total += shape.area();
    }
    println!("total area {:.6}", total);

    let counter = Arc::new(Mutex::new(BTreeMap::new()));
    let (sender, receiver) = mpsc::channel();
    let workers: Vec<_> = (1..=4u64)
        .map(|id| {
            let counter = Arc::clone(&counter);
            let sender = sender.clone();
            thread::spawn(move || {
                let mut sum = 0u64;
                for k in 0..500u64 {
                    sum += k * id;
                    *counter.lock().unwrap().entry(k % 5).or_insert(0u64) += id;
                }
                sender.send((id, sum)).unwrap();
                id * 100
            })
        })
        .collect();
    drop(sender);
    let returned: Vec<u64> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    let mut sums: Vec<(u64, u64)> = receiver.iter().collect();
    sums.sort();
    println!("threads returned {:?}", returned);
    println!("sums {:?}", sums);
    println!("buckets {:?}", counter.lock().unwrap());

    panic::set_hook(Box::new(|info| {
        let message = info.payload().downcast_ref::<String>().cloned().unwrap_or_default();
        println!("panic hook: {}", message);
    }));
    let caught = panic::catch_unwind(|| checked_divide(42, 0));
    match &caught {
        Ok(value) => println!("no panic: {}", value),
        Err(payload) => println!("caught: {}", payload.downcast_ref::<String>().map(String::as_str).unwrap_or("?")),
    }
    let fine = panic::catch_unwind(|| checked_divide(42, 5)).unwrap();
    println!("after the panic: 42 / 5 = {}", fine);
    std::process::exit(if caught.is_err() { 7 } else { 0 });
}

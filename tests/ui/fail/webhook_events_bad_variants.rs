#[bandwidth_messaging::decl::model(schema = "#/components/schemas/cb")]
pub struct Cb {}

#[bandwidth_messaging::decl::webhook_events(discriminator = "type", version = 2)]
pub enum Event {
    #[event(name = "message-sent")]
    Unknown(Cb),
    #[event(name = "message-failed")]
    Failed(Cb, Cb),
    Delivered(Cb),
}

fn main() {}

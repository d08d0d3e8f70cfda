#[bandwidth_messaging::decl::model(schema = "#/components/schemas/cb")]
pub struct Cb {}

#[bandwidth_messaging::decl::webhook_events(discriminator = "type")]
pub enum Event {
    #[event(name = "message-sent", callback = "statusCallback")]
    Sent(Cb),
    #[event(name = "message-sent")]
    AlsoSent(Cb),
}

fn main() {}

"""From events to messages: rules, digests, silences, quiet hours, the outbox and the channels."""

/** The golden change event contract lives with the engine that builds the events (docs/events.md). */
export * from '../../engine/resolution/golden-event';

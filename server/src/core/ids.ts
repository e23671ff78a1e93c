import { uuidv7 } from 'uuidv7';

/** Every row id is a UUIDv7 made by the app: time-ordered, so indexes stay compact. */
export function newId(): string {
  return uuidv7();
}

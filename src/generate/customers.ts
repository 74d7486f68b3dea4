import type { Faker } from '@faker-js/faker';
import { pickDevice, type DeviceKind } from './devices.js';
import { moveWithin, pickPlace, type Place } from './places.js';
import type { Rng } from './rng.js';
import { RETURNING_SEGMENTS, SEGMENTS, SEGMENT_NAMES, type SegmentName } from './segments.js';

export interface Customer {
  userId: string;
  /** The id of the device the customer signed up on: stitches old anonymous events. */
  anonymousId: string;
  email: string;
  name: string;
  place: Place;
  device: DeviceKind;
  /** The label sent in identify traits; changes over time, feeding the SCD2 dimension. */
  segment: SegmentName;
  /** Traits changed since the last identify call. */
  traitsChanged: boolean;
}

/** Who opens a session: a known customer, or a new visitor with no account yet. */
export interface Visitor {
  segment: SegmentName;
  customer: Customer | undefined;
  anonymousId: string;
  place: Place;
  device: DeviceKind;
}

const SEGMENT_MIX = SEGMENT_NAMES.map((name) => [name, SEGMENTS[name].sessionShare] as const);
const SETTLE_MIX = RETURNING_SEGMENTS.map(
  (name) => [name, SEGMENTS[name].populationShare] as const,
);
/** Per returning visit: a customer who moved city. */
const MOVE_RATE = 0.02;

/** The shop's customers: a seeded base that grows as new visitors sign up. */
export class Population {
  private readonly pools = new Map<SegmentName, Customer[]>(
    RETURNING_SEGMENTS.map((name) => [name, []]),
  );

  constructor(
    private readonly faker: Faker,
    private readonly rng: Rng,
    initial = 600,
  ) {
    for (let i = 0; i < initial; i++) {
      const segment = this.rng.weighted(SETTLE_MIX);
      this.pools
        .get(segment)
        ?.push(this.makeCustomer(segment, this.rng.uuid(), pickPlace(this.rng)));
    }
  }

  nextVisitor(): Visitor {
    const segment = this.rng.weighted(SEGMENT_MIX);
    const pool = this.pools.get(segment) ?? [];
    if (segment === 'new' || pool.length === 0) return this.newVisitor();
    const customer = this.rng.pick(pool);
    this.evolve(customer, segment);
    const { anonymousId, place, device } = customer;
    return { segment, customer, anonymousId, place, device };
  }

  /** A new visitor signs up; later visits find them in the segment they settle into. */
  register(visitor: Visitor): Customer {
    const customer = this.makeCustomer('new', visitor.anonymousId, visitor.place, visitor.device);
    this.pools.get(this.rng.weighted(SETTLE_MIX))?.push(customer);
    return customer;
  }

  private newVisitor(): Visitor {
    const device = pickDevice(this.rng);
    return {
      segment: 'new',
      customer: undefined,
      anonymousId: this.rng.uuid(),
      place: pickPlace(this.rng),
      device,
    };
  }

  private evolve(customer: Customer, segment: SegmentName): void {
    if (customer.segment !== segment) {
      customer.segment = segment;
      customer.traitsChanged = true;
    }
    if (this.rng.chance(MOVE_RATE)) {
      customer.place = moveWithin(customer.place, this.rng);
      customer.traitsChanged = true;
    }
  }

  private makeCustomer(
    segment: SegmentName,
    anonymousId: string,
    place: Place,
    device: DeviceKind = pickDevice(this.rng),
  ): Customer {
    const firstName = this.faker.person.firstName();
    const lastName = this.faker.person.lastName();
    return {
      userId: `usr_${this.rng.token(10)}`,
      anonymousId,
      email: this.faker.internet.email({ firstName, lastName }).toLowerCase(),
      name: `${firstName} ${lastName}`,
      place,
      device,
      segment,
      traitsChanged: true,
    };
  }
}

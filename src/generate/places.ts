import type { Rng } from './rng.js';

export interface Place {
  country: string;
  city: string;
  timezone: string;
  locale: string;
}

interface Country {
  country: string;
  locale: string;
  weight: number;
  cities: readonly (readonly [city: string, timezone: string])[];
}

// A US-led shop that ships to Europe and a few other markets.
const COUNTRIES: readonly Country[] = [
  {
    country: 'United States',
    locale: 'en-US',
    weight: 44,
    cities: [
      ['New York', 'America/New_York'],
      ['Los Angeles', 'America/Los_Angeles'],
      ['Chicago', 'America/Chicago'],
      ['Houston', 'America/Chicago'],
      ['Seattle', 'America/Los_Angeles'],
      ['Miami', 'America/New_York'],
      ['Denver', 'America/Denver'],
    ],
  },
  {
    country: 'United Kingdom',
    locale: 'en-GB',
    weight: 12,
    cities: [
      ['London', 'Europe/London'],
      ['Manchester', 'Europe/London'],
      ['Edinburgh', 'Europe/London'],
    ],
  },
  {
    country: 'Canada',
    locale: 'en-CA',
    weight: 8,
    cities: [
      ['Toronto', 'America/Toronto'],
      ['Vancouver', 'America/Vancouver'],
      ['Montreal', 'America/Toronto'],
    ],
  },
  {
    country: 'Germany',
    locale: 'de-DE',
    weight: 10,
    cities: [
      ['Berlin', 'Europe/Berlin'],
      ['Munich', 'Europe/Berlin'],
      ['Hamburg', 'Europe/Berlin'],
    ],
  },
  {
    country: 'France',
    locale: 'fr-FR',
    weight: 7,
    cities: [
      ['Paris', 'Europe/Paris'],
      ['Lyon', 'Europe/Paris'],
    ],
  },
  {
    country: 'Netherlands',
    locale: 'nl-NL',
    weight: 4,
    cities: [['Amsterdam', 'Europe/Amsterdam']],
  },
  {
    country: 'Australia',
    locale: 'en-AU',
    weight: 6,
    cities: [
      ['Sydney', 'Australia/Sydney'],
      ['Melbourne', 'Australia/Melbourne'],
    ],
  },
  { country: 'Brazil', locale: 'pt-BR', weight: 4, cities: [['São Paulo', 'America/Sao_Paulo']] },
  { country: 'Japan', locale: 'ja-JP', weight: 3, cities: [['Tokyo', 'Asia/Tokyo']] },
  {
    country: 'India',
    locale: 'en-IN',
    weight: 2,
    cities: [
      ['Mumbai', 'Asia/Kolkata'],
      ['Bengaluru', 'Asia/Kolkata'],
    ],
  },
];

const COUNTRY_TABLE = COUNTRIES.map((c) => [c, c.weight] as const);

export function pickPlace(rng: Rng): Place {
  const country = rng.weighted(COUNTRY_TABLE);
  return placeIn(country, rng);
}

/** Another city of the same country: a customer who moved, for the SCD2 customer history. */
export function moveWithin(place: Place, rng: Rng): Place {
  const country = COUNTRIES.find((c) => c.country === place.country);
  return country ? placeIn(country, rng) : place;
}

function placeIn(country: Country, rng: Rng): Place {
  const [city, timezone] = rng.pick(country.cities);
  return { country: country.country, city, timezone, locale: country.locale };
}

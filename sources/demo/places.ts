import { createHash } from 'node:crypto';

export const CONTINENTS = [
  'Africa',
  'Antarctica',
  'Asia',
  'Europe',
  'North America',
  'Oceania',
  'South America',
] as const;
export type Continent = (typeof CONTINENTS)[number];

/** A city as X reports it as a `place`, with the bounding box around the real city. */
export interface City {
  /** 16 hex digits, shaped like X place ids and stable for a city. */
  id: string;
  name: string;
  fullName: string;
  country: string;
  countryCode: string;
  continent: Continent;
  /** [west, south, east, north], degrees. */
  bbox: [number, number, number, number];
  /** Languages people post in from here; drives which cities a post in a language comes from. */
  langs: readonly string[];
  /** Relative share of geotagged posts. */
  weight: number;
}

type Row = [
  name: string,
  fullName: string,
  country: string,
  countryCode: string,
  continent: Continent,
  bbox: [number, number, number, number],
  langs: string,
  weight: number,
];

// Bounding boxes approximate each city's administrative extent (rounded to 4 decimals).
// prettier-ignore
const ROWS: Row[] = [
  ['New York', 'New York, NY', 'United States', 'US', 'North America', [-74.2591, 40.4774, -73.7004, 40.9176], 'en es', 6],
  ['Los Angeles', 'Los Angeles, CA', 'United States', 'US', 'North America', [-118.6682, 33.7037, -118.1553, 34.3373], 'en es', 5],
  ['Chicago', 'Chicago, IL', 'United States', 'US', 'North America', [-87.9401, 41.6445, -87.524, 42.023], 'en', 3],
  ['San Francisco', 'San Francisco, CA', 'United States', 'US', 'North America', [-122.5149, 37.7081, -122.3569, 37.8324], 'en', 3],
  ['Seattle', 'Seattle, WA', 'United States', 'US', 'North America', [-122.436, 47.4955, -122.2244, 47.7341], 'en', 2],
  ['Miami', 'Miami, FL', 'United States', 'US', 'North America', [-80.3198, 25.7095, -80.1393, 25.8557], 'en es', 2],
  ['Toronto', 'Toronto, Ontario', 'Canada', 'CA', 'North America', [-79.6393, 43.581, -79.1158, 43.8555], 'en', 3],
  ['Montréal', 'Montréal, Québec', 'Canada', 'CA', 'North America', [-73.9741, 45.41, -73.4742, 45.7047], 'fr en', 2],
  ['Vancouver', 'Vancouver, British Columbia', 'Canada', 'CA', 'North America', [-123.2247, 49.1985, -123.0234, 49.3168], 'en', 1.5],
  ['Mexico City', 'Mexico City, Mexico', 'Mexico', 'MX', 'North America', [-99.3649, 19.0482, -98.9403, 19.5927], 'es', 4],
  ['São Paulo', 'São Paulo, Brazil', 'Brazil', 'BR', 'South America', [-46.8254, -24.0082, -46.365, -23.3567], 'pt', 5],
  ['Rio de Janeiro', 'Rio de Janeiro, Brazil', 'Brazil', 'BR', 'South America', [-43.7955, -23.0827, -43.099, -22.746], 'pt', 3],
  ['Buenos Aires', 'Buenos Aires, Argentina', 'Argentina', 'AR', 'South America', [-58.5315, -34.7056, -58.3352, -34.5266], 'es', 3],
  ['Bogotá', 'Bogotá, Colombia', 'Colombia', 'CO', 'South America', [-74.2237, 4.471, -74.0105, 4.8368], 'es', 2],
  ['Lima', 'Lima, Peru', 'Peru', 'PE', 'South America', [-77.1932, -12.2197, -76.8209, -11.8109], 'es', 1.5],
  ['Santiago', 'Santiago, Chile', 'Chile', 'CL', 'South America', [-70.8, -33.65, -70.45, -33.3], 'es', 1.5],
  ['London', 'London, England', 'United Kingdom', 'GB', 'Europe', [-0.5104, 51.2868, 0.334, 51.6919], 'en', 5],
  ['Manchester', 'Manchester, England', 'United Kingdom', 'GB', 'Europe', [-2.3199, 53.34, -2.1468, 53.5445], 'en', 1.5],
  ['Dublin', 'Dublin, Ireland', 'Ireland', 'IE', 'Europe', [-6.3873, 53.2987, -6.1139, 53.411], 'en', 1],
  ['Paris', 'Paris, France', 'France', 'FR', 'Europe', [2.2242, 48.8156, 2.4699, 48.9022], 'fr', 4],
  ['Lyon', 'Lyon, France', 'France', 'FR', 'Europe', [4.7718, 45.7073, 4.8983, 45.8082], 'fr', 1],
  ['Brussels', 'Brussels, Belgium', 'Belgium', 'BE', 'Europe', [4.3139, 50.7963, 4.437, 50.9136], 'fr de', 1],
  ['Berlin', 'Berlin, Germany', 'Germany', 'DE', 'Europe', [13.0884, 52.3383, 13.7611, 52.6755], 'de', 3],
  ['Munich', 'Munich, Bavaria', 'Germany', 'DE', 'Europe', [11.3608, 48.0616, 11.7229, 48.2482], 'de', 1.5],
  ['Madrid', 'Madrid, Spain', 'Spain', 'ES', 'Europe', [-3.889, 40.3121, -3.5179, 40.6437], 'es', 3],
  ['Barcelona', 'Barcelona, Spain', 'Spain', 'ES', 'Europe', [2.0524, 41.317, 2.2283, 41.4682], 'es', 2],
  ['Lisbon', 'Lisbon, Portugal', 'Portugal', 'PT', 'Europe', [-9.2298, 38.6914, -9.0905, 38.7958], 'pt', 1.5],
  ['Rome', 'Rome, Lazio', 'Italy', 'IT', 'Europe', [12.2344, 41.6556, 12.8558, 42.141], 'it', 2],
  ['Milan', 'Milan, Lombardy', 'Italy', 'IT', 'Europe', [9.0408, 45.3867, 9.2781, 45.5358], 'it', 1.5],
  ['Amsterdam', 'Amsterdam, The Netherlands', 'The Netherlands', 'NL', 'Europe', [4.7287, 52.2783, 5.068, 52.4311], 'en', 1.5],
  ['Stockholm', 'Stockholm, Sweden', 'Sweden', 'SE', 'Europe', [17.7604, 59.2244, 18.1999, 59.4427], 'en', 1],
  ['Istanbul', 'Istanbul, Türkiye', 'Türkiye', 'TR', 'Europe', [28.596, 40.8021, 29.43, 41.23], 'en ar', 2],
  ['Tokyo', 'Tokyo, Japan', 'Japan', 'JP', 'Asia', [139.5629, 35.528, 139.919, 35.8175], 'ja', 6],
  ['Osaka', 'Osaka, Japan', 'Japan', 'JP', 'Asia', [135.354, 34.5656, 135.6117, 34.7536], 'ja', 2],
  ['Seoul', 'Seoul, Republic of Korea', 'Republic of Korea', 'KR', 'Asia', [126.7644, 37.4286, 127.1838, 37.7014], 'en', 2],
  ['Mumbai', 'Mumbai, India', 'India', 'IN', 'Asia', [72.7759, 18.8928, 72.9868, 19.271], 'hi en', 4],
  ['New Delhi', 'New Delhi, India', 'India', 'IN', 'Asia', [76.8389, 28.4041, 77.348, 28.8836], 'hi en', 3],
  ['Bengaluru', 'Bengaluru, India', 'India', 'IN', 'Asia', [77.4601, 12.834, 77.784, 13.1439], 'en hi', 2],
  ['Jakarta', 'Jakarta, Indonesia', 'Indonesia', 'ID', 'Asia', [106.6894, -6.3708, 106.9737, -6.0889], 'id', 4],
  ['Surabaya', 'Surabaya, Indonesia', 'Indonesia', 'ID', 'Asia', [112.5981, -7.3523, 112.8466, -7.1868], 'id', 1.5],
  ['Singapore', 'Singapore, Singapore', 'Singapore', 'SG', 'Asia', [103.6057, 1.1583, 104.0885, 1.4708], 'en', 1.5],
  ['Bangkok', 'Bangkok, Thailand', 'Thailand', 'TH', 'Asia', [100.3279, 13.494, 100.9385, 13.9551], 'en', 1.5],
  ['Manila', 'Manila, Philippines', 'Philippines', 'PH', 'Asia', [120.9474, 14.559, 121.0267, 14.64], 'en', 2],
  ['Dubai', 'Dubai, United Arab Emirates', 'United Arab Emirates', 'AE', 'Asia', [54.8972, 24.7921, 55.5652, 25.3585], 'ar en', 2],
  ['Riyadh', 'Riyadh, Kingdom of Saudi Arabia', 'Kingdom of Saudi Arabia', 'SA', 'Asia', [46.526, 24.419, 46.975, 24.965], 'ar', 2],
  ['Cairo', 'Cairo, Egypt', 'Egypt', 'EG', 'Africa', [31.1363, 29.9457, 31.43, 30.15], 'ar', 3],
  ['Casablanca', 'Casablanca, Morocco', 'Morocco', 'MA', 'Africa', [-7.7395, 33.4863, -7.4658, 33.6363], 'ar fr', 1.5],
  ['Dakar', 'Dakar, Senegal', 'Senegal', 'SN', 'Africa', [-17.531, 14.638, -17.378, 14.79], 'fr', 1],
  ['Lagos', 'Lagos, Nigeria', 'Nigeria', 'NG', 'Africa', [3.0982, 6.3936, 3.6963, 6.7027], 'en', 3],
  ['Accra', 'Accra, Ghana', 'Ghana', 'GH', 'Africa', [-0.27, 5.5, -0.1, 5.67], 'en', 1],
  ['Nairobi', 'Nairobi, Kenya', 'Kenya', 'KE', 'Africa', [36.6647, -1.4448, 37.1049, -1.1606], 'en', 2],
  ['Johannesburg', 'Johannesburg, South Africa', 'South Africa', 'ZA', 'Africa', [27.89, -26.35, 28.2, -26.0], 'en', 2],
  ['Cape Town', 'Cape Town, South Africa', 'South Africa', 'ZA', 'Africa', [18.3074, -34.3583, 18.9094, -33.4716], 'en', 1.5],
  ['Sydney', 'Sydney, New South Wales', 'Australia', 'AU', 'Oceania', [150.5209, -34.1183, 151.343, -33.5781], 'en', 3],
  ['Melbourne', 'Melbourne, Victoria', 'Australia', 'AU', 'Oceania', [144.5937, -38.4338, 145.5125, -37.5112], 'en', 2.5],
  ['Perth', 'Perth, Western Australia', 'Australia', 'AU', 'Oceania', [115.6841, -32.4556, 116.0834, -31.6245], 'en', 1],
  ['Auckland', 'Auckland, New Zealand', 'New Zealand', 'NZ', 'Oceania', [174.6, -37.05, 174.95, -36.75], 'en', 1.5],
  ['McMurdo Station', 'McMurdo Station, Antarctica', 'Antarctica', 'AQ', 'Antarctica', [166.62, -77.87, 166.72, -77.83], 'en', 0.8],
];

export const CITIES: readonly City[] = ROWS.map(
  ([name, fullName, country, countryCode, continent, bbox, langs, weight]) => ({
    id: createHash('md5').update(`${countryCode}:${name}`).digest('hex').slice(0, 16),
    name,
    fullName,
    country,
    countryCode,
    continent,
    bbox,
    langs: langs.split(' '),
    weight,
  }),
);

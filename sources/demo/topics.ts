import type { Rng } from './rng';
import type { Tone } from './languages';

export interface Topic {
  key: string;
  /** Hashtag display forms, the first the most common; keys are these lower-cased. */
  tags: readonly string[];
  /** Tags people use in one language only (e.g. #Fútbol, #サッカー). */
  localTags?: Readonly<Record<string, readonly string[]>>;
  /** Proper nouns that read naturally in any of the template languages. */
  subjects: readonly string[];
  cashtags?: readonly string[];
  /** How much more likely a post in that language is about this topic (default 1). */
  langAffinity?: Readonly<Record<string, number>>;
  /** Long-run share before drift and bursts. */
  base: number;
}

export const TOPICS: readonly Topic[] = [
  {
    key: 'aws',
    tags: ['AWS', 'Serverless', 'aws', 'reInvent', 'CloudComputing'],
    subjects: ['AWS', 'Lambda', 'DynamoDB', 'Step Functions', 'Amazon Bedrock'],
    cashtags: ['$AMZN'],
    base: 4,
  },
  {
    key: 'ai',
    tags: ['AI', 'GenAI', 'ChatGPT', 'MachineLearning', 'LLM'],
    subjects: ['ChatGPT', 'Claude', 'Gemini', 'Copilot', 'Llama'],
    cashtags: ['$NVDA', '$MSFT', '$GOOGL'],
    base: 6,
  },
  {
    key: 'football',
    tags: ['ChampionsLeague', 'Football', 'UCL', 'WorldCup'],
    localTags: {
      es: ['Fútbol', 'LaLiga'],
      pt: ['Futebol', 'Brasileirão'],
      fr: ['Ligue1'],
      de: ['Bundesliga'],
      it: ['SerieA'],
      ar: ['كرة_القدم'],
      ja: ['サッカー'],
    },
    subjects: ['Real Madrid', 'Barça', 'Messi', 'Mbappé', 'Flamengo', 'Bayern', 'Liverpool'],
    langAffinity: { es: 4, pt: 4, fr: 2, de: 2, it: 3, ar: 3 },
    base: 6,
  },
  {
    key: 'f1',
    tags: ['F1', 'Formula1', 'MonacoGP'],
    subjects: ['Verstappen', 'Hamilton', 'Leclerc', 'Ferrari', 'McLaren'],
    langAffinity: { it: 2, de: 1.5 },
    base: 2,
  },
  {
    key: 'crypto',
    tags: ['Bitcoin', 'Crypto', 'BTC', 'Ethereum'],
    subjects: ['Bitcoin', 'Ethereum', 'Solana', 'Coinbase'],
    cashtags: ['$BTC', '$ETH', '$SOL', '$DOGE', '$COIN'],
    base: 4,
  },
  {
    key: 'markets',
    tags: ['stocks', 'StockMarket', 'investing', 'Nasdaq', 'WallStreet'],
    subjects: ['Wall Street', 'Nasdaq', 'Nvidia', 'Apple', 'Tesla'],
    cashtags: ['$AAPL', '$TSLA', '$NVDA', '$MSFT', '$AMZN', '$GOOGL', '$META', '$SPY', '$QQQ'],
    base: 4,
  },
  {
    key: 'apple',
    tags: ['Apple', 'iPhone', 'WWDC', 'iOS'],
    subjects: ['iPhone 17', 'Apple', 'iOS 26', 'Vision Pro', 'MacBook Air'],
    cashtags: ['$AAPL'],
    langAffinity: { ja: 2 },
    base: 3,
  },
  {
    key: 'ev',
    tags: ['Tesla', 'EV', 'ElectricVehicles'],
    subjects: ['Tesla', 'Cybertruck', 'Rivian', 'BYD'],
    cashtags: ['$TSLA', '$RIVN'],
    base: 2,
  },
  {
    key: 'climate',
    tags: ['ClimateChange', 'Climate', 'COP30', 'Heatwave'],
    localTags: { pt: ['MudançasClimáticas'], es: ['CambioClimático'], de: ['Klimawandel'] },
    subjects: ['COP30', 'Greenpeace', 'IPCC', 'Copernicus'],
    base: 3,
  },
  {
    key: 'music',
    tags: ['NewMusic', 'Music', 'Eurovision', 'Grammys'],
    localTags: { ja: ['音楽'], es: ['Música'] },
    subjects: ['Taylor Swift', 'Bad Bunny', 'BTS', 'Beyoncé', 'Rosalía', 'Anitta'],
    langAffinity: { es: 2, pt: 2 },
    base: 5,
  },
  {
    key: 'gaming',
    tags: ['Gaming', 'GTA6', 'Nintendo', 'PS5'],
    localTags: { ja: ['ゲーム'] },
    subjects: ['GTA 6', 'Nintendo Switch 2', 'PS5', 'Minecraft', 'Fortnite'],
    langAffinity: { ja: 3 },
    base: 4,
  },
  {
    key: 'anime',
    tags: ['Anime', 'OnePiece', 'JujutsuKaisen'],
    localTags: { ja: ['アニメ'] },
    subjects: ['One Piece', 'Jujutsu Kaisen', 'Demon Slayer', 'Studio Ghibli'],
    langAffinity: { ja: 6, id: 2, es: 1.5 },
    base: 2,
  },
  {
    key: 'cricket',
    tags: ['Cricket', 'IPL', 'TeamIndia'],
    localTags: { hi: ['क्रिकेट'] },
    subjects: ['IPL', 'Virat Kohli', 'Mumbai Indians', 'Rohit Sharma'],
    langAffinity: { hi: 8, en: 1.2 },
    base: 2,
  },
  {
    key: 'olympics',
    tags: ['Olympics', 'LA28', 'TeamUSA'],
    subjects: ['LA28', 'Simone Biles', 'Léon Marchand', 'Noah Lyles'],
    base: 2,
  },
  {
    key: 'food',
    tags: ['Foodie', 'Food', 'Ramen', 'Tacos'],
    localTags: { id: ['Kuliner'], ja: ['ラーメン'], fr: ['Gastronomie'] },
    subjects: ['ramen', 'tacos', 'sushi', 'pizza', 'nasi goreng', 'croissants'],
    base: 3,
  },
  {
    key: 'travel',
    tags: ['Travel', 'Wanderlust', 'TravelTuesday'],
    localTags: { id: ['JalanJalan'], es: ['Viajes'] },
    subjects: ['Lisbon', 'Kyoto', 'Bali', 'Marrakech', 'Patagonia'],
    base: 2,
  },
  {
    key: 'tech',
    tags: ['Tech', 'Android', 'OpenSource', 'Linux'],
    subjects: ['Android 16', 'Linux', 'GitHub', 'Pixel 10', 'Samsung Galaxy'],
    cashtags: ['$GOOGL', '$MSFT'],
    base: 3,
  },
];

/** Tags anyone might add, whatever the topic. */
export const GENERIC_TAGS: readonly string[] = ['news', 'Breaking', 'MondayMotivation', 'tbt'];

interface Burst {
  topic: number;
  startMs: number;
  /** Extra weight at the peak, as a multiple of the average topic's weight. */
  amplitude: number;
  riseMs: number;
  holdMs: number;
  decayMs: number;
  tone: Tone;
}

export interface TrendState {
  /** Current weight of each topic (index as in TOPICS). */
  weights: number[];
  /** Tone the bursting topic pushes its posts towards, if a burst is under way. */
  burstTone(topic: number): Tone | undefined;
}

const STEP_MS = 5_000;
/** Drift: mean reversion over ~10 minutes, stationary spread of about x2 either way. */
const REVERT_PER_MS = 1 / 600_000;
const SIGMA_PER_SQRT_MS = 0.7 * Math.sqrt(2 * REVERT_PER_MS);
/** One burst starts every ~3 minutes on average. */
const BURSTS_PER_MS = 1 / 180_000;
/** A clock jump longer than this is not replayed step by step (the drift is stationary anyway). */
const MAX_REPLAY_STEPS = 720;

/**
 * Topic popularity over the generator's clock: every topic's log-weight drifts slowly
 * (Ornstein-Uhlenbeck, stepped every 5 s of clock time), and now and then one topic bursts: its
 * weight rises for ~10 s, holds for 30-90 s and decays over about a minute.
 * Deterministic for a given rng and sequence of clock readings.
 */
export function createTrendModel(rng: Rng, startMs: number, topics = TOPICS) {
  const logDrift = topics.map(() => rng.normal() * 0.4);
  const meanBase = topics.reduce((s, t) => s + t.base, 0) / topics.length;
  let bursts: Burst[] = [];
  let steppedTo = startMs;

  function burstFactor(b: Burst, at: number): number {
    const t = at - b.startMs;
    if (t < 0) return 0;
    if (t < b.riseMs) return t / b.riseMs;
    if (t < b.riseMs + b.holdMs) return 1;
    return Math.exp(-(t - b.riseMs - b.holdMs) / b.decayMs);
  }

  function step(at: number): void {
    const dt = STEP_MS;
    for (let i = 0; i < logDrift.length; i++) {
      const x = logDrift[i] ?? 0;
      logDrift[i] = x - REVERT_PER_MS * x * dt + SIGMA_PER_SQRT_MS * Math.sqrt(dt) * rng.normal();
    }
    if (rng.chance(BURSTS_PER_MS * dt)) {
      bursts.push({
        topic: rng.int(0, topics.length - 1),
        startMs: at,
        amplitude: 4 + rng.float() * 8,
        riseMs: 5_000 + rng.float() * 10_000,
        holdMs: 30_000 + rng.float() * 60_000,
        decayMs: 30_000 + rng.float() * 45_000,
        tone: rng.pick<Tone>(['positive', 'negative', 'negative', 'positive', 'neutral']),
      });
    }
    bursts = bursts.filter(
      (b) => at - b.startMs < b.riseMs + b.holdMs || burstFactor(b, at) > 0.02,
    );
  }

  function advance(nowMs: number): void {
    if (nowMs - steppedTo > MAX_REPLAY_STEPS * STEP_MS) {
      steppedTo = nowMs - MAX_REPLAY_STEPS * STEP_MS;
      bursts = [];
    }
    while (steppedTo + STEP_MS <= nowMs) {
      steppedTo += STEP_MS;
      step(steppedTo);
    }
  }

  return {
    at(nowMs: number): TrendState {
      advance(nowMs);
      const weights = topics.map((t, i) => t.base * Math.exp(logDrift[i] ?? 0));
      for (const b of bursts) {
        weights[b.topic] = (weights[b.topic] ?? 0) + b.amplitude * meanBase * burstFactor(b, nowMs);
      }
      return {
        weights,
        burstTone(topic) {
          let best: Burst | undefined;
          for (const b of bursts) {
            if (b.topic === topic && burstFactor(b, nowMs) > 0.3) best = b;
          }
          return best?.tone;
        },
      };
    },
  };
}

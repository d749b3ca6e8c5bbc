import type { Config } from "tailwindcss";

/** Colours are CSS variables (RGB channels) so dark mode and a merchant's accent can change them at runtime. */
const token = (name: string) => `rgb(var(--${name}) / <alpha-value>)`;

const config = {
  content: ["./app/**/*.{ts,tsx,mdx}", "./components/**/*.{ts,tsx}"],
  darkMode: "media",
  theme: {
    extend: {
      colors: {
        background: token("background"),
        foreground: token("foreground"),
        card: { DEFAULT: token("card"), foreground: token("card-foreground") },
        muted: { DEFAULT: token("muted"), foreground: token("muted-foreground") },
        border: token("border"),
        ring: token("ring"),
        accent: { DEFAULT: token("accent"), foreground: token("accent-foreground") },
      },
      borderColor: { DEFAULT: token("border") },
    },
  },
  plugins: [],
} satisfies Config;

export default config;
